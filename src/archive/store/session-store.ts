// ui_session rows (migration 009). The cookie carries a random id; only its hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { AuthMethod, UiSession } from '../auth/session.ts';

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

interface Row {
  identity: Identity | string;
  auth_method: AuthMethod;
  csrf_token: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  authenticated_at: Date | string;
}

function fromRow(r: Row): UiSession {
  return {
    identity: typeof r.identity === 'string' ? (JSON.parse(r.identity) as Identity) : r.identity,
    authMethod: r.auth_method,
    csrfToken: r.csrf_token,
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
    authenticatedAt: new Date(r.authenticated_at),
  };
}

/** Creates a session and returns the id for the cookie (the only place the plain id exists). */
export async function createSession(
  q: Queryable,
  identity: Identity,
  authMethod: AuthMethod,
  now: Date,
): Promise<{ id: string; session: UiSession }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await q.query(
    `INSERT INTO ui_session (id_hash, identity, auth_method, csrf_token, created_at, last_seen_at, authenticated_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5)`,
    [hashOf(id), JSON.stringify(identity), authMethod, csrfToken, now],
  );
  return { id, session: { identity, authMethod, csrfToken, createdAt: now, lastSeenAt: now, authenticatedAt: now } };
}

export async function findSession(q: Queryable, id: string): Promise<UiSession | undefined> {
  const r = await q.query<Row>(
    `SELECT identity, auth_method, csrf_token, created_at, last_seen_at, authenticated_at FROM ui_session WHERE id_hash = $1`,
    [hashOf(id)],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

export async function touchSession(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(`UPDATE ui_session SET last_seen_at = $2 WHERE id_hash = $1`, [hashOf(id), now]);
}

/** A fresh certificate check: the identity is refreshed too (a role may have changed since login). */
export async function reauthenticateSession(q: Queryable, id: string, identity: Identity, now: Date): Promise<void> {
  await q.query(`UPDATE ui_session SET identity = $2, authenticated_at = $3, last_seen_at = $3 WHERE id_hash = $1`, [
    hashOf(id),
    JSON.stringify(identity),
    now,
  ]);
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.query(`DELETE FROM ui_session WHERE id_hash = $1`, [hashOf(id)]);
}

/** Removes sessions past their idle timeout or lifetime; returns how many. */
export async function sweepSessions(q: Queryable, now: Date, idleMs: number, maxLifetimeMs: number): Promise<number> {
  const r = await q.query(`DELETE FROM ui_session WHERE last_seen_at <= $1 OR created_at <= $2`, [
    new Date(now.getTime() - idleMs),
    new Date(now.getTime() - maxLifetimeMs),
  ]);
  return r.rowCount;
}
