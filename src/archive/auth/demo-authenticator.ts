import { readFile } from 'node:fs/promises';
import { ArkkiError } from '../../lib/errors.ts';
import type { Authenticator, Identity } from '../../lib/identity/identity.ts';

export const DEMO_USER_HEADER = 'x-arkki-demo-user';

export async function readDemoUsers(file: string): Promise<Identity[]> {
  const data = JSON.parse(await readFile(file, 'utf8')) as { users: Array<Identity & { processPart?: unknown }> };
  // A `processPart` of an older users file is dropped: the identity has no process part (docs/access-control.md).
  return data.users.map(({ processPart: _dropped, ...u }) => u);
}

/** Demo mode only: the header names a demo user. The only place that knows the header. */
export function demoAuthenticator(users: Identity[]): Authenticator {
  const byId = new Map(users.map((u) => [u.userId, u]));
  return async (request) => {
    const raw = request.headers[DEMO_USER_HEADER];
    const id = Array.isArray(raw) ? raw[0] : raw;
    if (!id)
      throw new ArkkiError(
        'unauthenticated',
        `authentication required: send header X-Arkki-Demo-User with a demo user id (GET /demo/users lists them)`,
      );
    const user = byId.get(id);
    if (!user) throw new ArkkiError('unauthenticated', `unknown demo user '${id}'; GET /demo/users lists them`);
    return user;
  };
}

/**
 * Production mode until certificate authentication exists (identity-and-access issue): the demo header is
 * refused outright and nothing else authenticates, so the API is closed rather than open.
 */
export function productionAuthenticator(): Authenticator {
  return async (request) => {
    if (request.headers[DEMO_USER_HEADER] !== undefined) {
      throw new ArkkiError('unauthenticated', 'the demo user header is not accepted in production mode');
    }
    throw new ArkkiError('unauthenticated', 'authentication required: a client certificate is needed in production mode');
  };
}
