// Which errors mean the database connection is gone (the statement itself may have been fine).
import { DatabaseUnavailableError } from '../service-unavailable.ts';

export { DatabaseUnavailableError };

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down, in recovery).
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
const LOST_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection is closed|connect ECONNREFUSED)/;

/**
 * Whether an error means the connection (or the server) is gone, rather than that the statement was wrong.
 * `read_only_sql_transaction` (25006) counts when a writer was asked for: the host has become a standby.
 */
export function isConnectionLoss(err: unknown, wantsWriter: boolean): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SHUTDOWN_STATES.has(code) || code.startsWith('08')) return true;
  if (wantsWriter && code === '25006') return true;
  return typeof e.message === 'string' && LOST_MESSAGES.test(e.message);
}
