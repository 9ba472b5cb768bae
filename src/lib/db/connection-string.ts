// Multi-host PostgreSQL connection strings as libpq reads them
// (`postgresql://user@h1:5432,h2:5432/arkki?target_session_attrs=read-write`): node-postgres accepts one
// host only (its URL parser throws on the comma), so the host list and the session attribute are taken
// out here and every host gets a plain one-host URL that pg understands.

export type TargetSessionAttrs = 'any' | 'read-write' | 'read-only' | 'primary' | 'standby' | 'prefer-standby';
const ATTRS: readonly TargetSessionAttrs[] = ['any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'];

export interface PostgresHost {
  host: string;
  port: number;
  /** A one-host URL for node-postgres (credentials, database and the other parameters kept). */
  url: string;
}

export interface PostgresTarget {
  hosts: PostgresHost[];
  targetSessionAttrs: TargetSessionAttrs;
  /** libpq's connect_timeout (seconds), applied per host; undefined = the caller's default. */
  connectTimeoutSeconds?: number;
}

export class ConnectionStringError extends Error {
  constructor(message: string) {
    super(`DATABASE_URL: ${message}`);
    this.name = 'ConnectionStringError';
  }
}

/** Parses a postgres:// URL with one or more `host[:port]` entries. Never puts the password in an error. */
export function parsePostgresTarget(url: string): PostgresTarget {
  const m = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(url);
  if (!m) throw new ConnectionStringError('must be postgres://[user[:password]@]host[:port][,host[:port]…]/database[?parameters]');
  const [, scheme, userinfo, hostList, path = '', query = ''] = m;
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (!ATTRS.includes(attrs as TargetSessionAttrs))
    throw new ConnectionStringError(`target_session_attrs must be one of ${ATTRS.join(', ')}, got '${attrs}'`);
  params.delete('target_session_attrs');
  const timeout = params.get('connect_timeout');
  if (timeout !== null && !/^\d+$/.test(timeout))
    throw new ConnectionStringError(`connect_timeout must be whole seconds, got '${timeout}'`);
  const defaultPort = params.get('port');
  params.delete('port');
  const rest = params.toString();
  const entries = hostList!.split(',');
  const hosts = entries.map((entry, i): PostgresHost => {
    // [v6]:port, name:port, name
    const hm = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d*))?$/.exec(entry);
    if (!hm || hm[1] === '') throw new ConnectionStringError(`host ${i + 1} of ${entries.length} ('${entry}') must be host[:port]`);
    const portText = hm[2] || defaultPort || '5432';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
      throw new ConnectionStringError(`port of host ${i + 1} ('${entry}') must be 1–65535`);
    const host = hm[1]!;
    return {
      host: host.replace(/^\[|\]$/g, ''),
      port,
      url: `${scheme}${userinfo !== undefined ? `${userinfo}@` : ''}${host}:${port}${path}${rest ? `?${rest}` : ''}`,
    };
  });
  return {
    hosts,
    targetSessionAttrs: attrs as TargetSessionAttrs,
    ...(timeout !== null ? { connectTimeoutSeconds: Number(timeout) } : {}),
  };
}

/** What a server is, as far as choosing it goes. */
export interface ServerState {
  inRecovery: boolean;
  readOnly: boolean;
}

/**
 * Whether a host with this state is acceptable (libpq's rules). prefer-standby accepts a standby here;
 * the caller falls back to any host when none is.
 */
export function acceptable(attrs: TargetSessionAttrs, s: ServerState): boolean {
  switch (attrs) {
    case 'any':
      return true;
    case 'read-write':
      return !s.inRecovery && !s.readOnly;
    case 'read-only':
      return s.inRecovery || s.readOnly;
    case 'primary':
      return !s.inRecovery;
    case 'standby':
    case 'prefer-standby':
      return s.inRecovery;
  }
}
