// The workbench's sessions: in the client system's memory (a restart signs everyone out, which a reference
// system may do), with an idle timeout and a lifetime like the archive's UI. The id is a random 192-bit
// value in an httpOnly SameSite=Strict cookie; each session has its own CSRF token.
import { randomBytes } from 'node:crypto';
import type { WorkbenchUser } from './users.ts';

export interface WorkbenchSession {
  id: string;
  user: WorkbenchUser;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  idleMs: number;
  maxLifetimeMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 15 * 60_000, maxLifetimeMs: 10 * 3_600_000 };

export class WorkbenchSessions {
  private readonly sessions = new Map<string, WorkbenchSession>();
  constructor(
    private readonly now: () => Date,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  create(user: WorkbenchUser): WorkbenchSession {
    const t = this.now().getTime();
    const s = {
      id: randomBytes(24).toString('base64url'),
      user,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: t,
      lastSeenAt: t,
    };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session of an id (touched), or undefined; a timed-out one is removed. */
  find(id: string | undefined): WorkbenchSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const t = this.now().getTime();
    if (t - s.lastSeenAt >= this.limits.idleMs || t - s.createdAt >= this.limits.maxLifetimeMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeenAt = t;
    return s;
  }

  remove(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}
