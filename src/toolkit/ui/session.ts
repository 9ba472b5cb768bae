// The toolkit's sign-in: a signed cookie (HMAC-SHA-256) holding who and until when; no client data, so no
// server-side session table is needed. The CSRF token is derived from the cookie, so it changes with it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ToolkitRole } from './toolkit-users.ts';

export const SESSION_COOKIE = 'arkki_toolkit_session';
const LIFETIME_MS = 8 * 3600_000;

export interface ToolkitSession {
  userId: string;
  name: string;
  role: ToolkitRole;
  /** Expiry, ms since epoch. */
  exp: number;
}

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export function sealSession(secret: string, s: Omit<ToolkitSession, 'exp'>, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ ...s, exp: now.getTime() + LIFETIME_MS })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function openSession(secret: string, cookie: string | undefined, now: Date): ToolkitSession | undefined {
  if (!cookie) return undefined;
  const [payload, sig] = cookie.split('.');
  if (!payload || !sig) return undefined;
  const want = Buffer.from(mac(secret, payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ToolkitSession;
    return s.exp > now.getTime() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function csrfTokenOf(secret: string, cookie: string): string {
  return mac(secret, `csrf:${cookie}`);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
