// Who is signed in to the toolkit. Demo mode: the signed session cookie the picker sets. Production: the
// organisation's single sign-on in front of the toolkit sets a header (ARKKI_TOOLKIT_SSO_HEADER) to the
// user id, and the users file (ARKKI_TOOLKIT_USERS) names who may use the toolkit and in which role; a user
// not in the file is not signed in. The proxy must strip the header from what clients send, and the toolkit
// must be reachable only through it (HOST=127.0.0.1 behind it).
import { readFile } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { csrfTokenOf, openSession, SESSION_COOKIE, type ToolkitSession } from './session.ts';
import type { ToolkitRole, ToolkitUser } from './toolkit-users.ts';

export interface SingleSignOn {
  /** Lower-case header name. */
  header: string;
  users: readonly ToolkitUser[];
}

export interface SignedIn {
  session: ToolkitSession;
  csrfToken: string;
}

const ROLES: readonly ToolkitRole[] = ['project-manager', 'archivist'];

/** The users file: a JSON array of { userId, name, role }; a bad entry stops start-up naming the file and the entry. */
export async function loadToolkitUsers(file: string): Promise<ToolkitUser[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`ARKKI_TOOLKIT_USERS ${file}: not readable JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error(`ARKKI_TOOLKIT_USERS ${file}: must be a non-empty JSON array of users`);
  return parsed.map((u: unknown, i) => {
    const e = u as Partial<Record<keyof ToolkitUser, unknown>>;
    if (typeof e?.userId !== 'string' || !e.userId || typeof e.name !== 'string' || !e.name || !ROLES.includes(e.role as ToolkitRole)) {
      throw new Error(`ARKKI_TOOLKIT_USERS ${file}: entry ${i + 1} needs userId, name and role (${ROLES.join(' or ')})`);
    }
    return { userId: e.userId, name: e.name, role: e.role as ToolkitRole };
  });
}

export function signedIn(request: FastifyRequest, secret: string, now: Date, sso?: SingleSignOn): SignedIn | undefined {
  if (sso) {
    const value = request.headers[sso.header];
    const userId = Array.isArray(value) ? undefined : value;
    const user = userId ? sso.users.find((u) => u.userId === userId) : undefined;
    if (!user) return undefined;
    // No cookie of ours: the token is bound to the user (and the secret); the same-origin rules still apply.
    return { session: { ...user, exp: now.getTime() + 3600_000 }, csrfToken: csrfTokenOf(secret, `sso:${user.userId}`) };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  const session = openSession(secret, cookie, now);
  return session && cookie ? { session, csrfToken: csrfTokenOf(secret, cookie) } : undefined;
}
