// UI sessions: what a session is and when it ends. Pure rules; session-store.ts keeps them in the database.
import type { Identity } from '../../lib/identity/identity.ts';

export interface SessionSettings {
  /** Idle timeout: a session not used for this long ends (default 15 min). */
  idleMs: number;
  /** Absolute lifetime from login, however active the session is (default 10 h, one working day). */
  maxLifetimeMs: number;
  /** Sensitive actions need a certificate check no older than this (default 5 min). */
  reauthMs: number;
}

const MINUTE = 60_000;
export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 15 * MINUTE, maxLifetimeMs: 10 * 60 * MINUTE, reauthMs: 5 * MINUTE };

export type AuthMethod = 'card' | 'demo';

export interface UiSession {
  identity: Identity;
  authMethod: AuthMethod;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  authenticatedAt: Date;
}

export type SessionState = 'active' | 'idle-timeout' | 'expired';

/** Whether a stored session may still be used at `now`. */
export function sessionState(session: UiSession, now: Date, settings: SessionSettings): SessionState {
  if (now.getTime() - session.createdAt.getTime() >= settings.maxLifetimeMs) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= settings.idleMs) return 'idle-timeout';
  return 'active';
}

/** Whether the last certificate check is recent enough for a sensitive action. */
export function recentlyAuthenticated(session: UiSession, now: Date, settings: SessionSettings): boolean {
  return now.getTime() - session.authenticatedAt.getTime() < settings.reauthMs;
}
