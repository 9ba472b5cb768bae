import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { findPgBin } from '../../scripts/pg-temp.mjs';

// Throwaway PostgreSQL servers for the failover and backup tests: several clusters in one directory,
// started with the options a test gives (replication, WAL archiving), killed like a machine dies.
// As root the server runs as the 'postgres' user (it refuses to run as root), as scripts/pg-temp.mjs does.

export const PG_BIN = findPgBin();
const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program (as the postgres user when we are root) and returns its output. */
export function pgTool(program: string, args: string[]): string {
  const cmd = join(PG_BIN!, program);
  const [c, a] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** pgTool without blocking the event loop (the archive under test keeps serving meanwhile). */
export async function pgToolAsync(program: string, args: string[]): Promise<string> {
  const cmd = join(PG_BIN!, program);
  const [c, a] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return (await promisify(execFile)(c, a, { encoding: 'utf8' })).stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A directory the postgres user may write in (clusters, WAL archive, backups). */
export function workDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

export function sharedSubdir(dir: string, name: string): string {
  const p = join(dir, name);
  mkdirSync(p, { recursive: true });
  chmodSync(p, 0o777);
  return p;
}

export class PgServer {
  private proc: ChildProcess | undefined;
  private log = '';
  constructor(
    readonly data: string,
    readonly port: number,
    private readonly socketDir: string,
  ) {}

  /** `postgres://arkki@127.0.0.1:port/db` (trust authentication on the loopback). */
  url(db = 'postgres'): string {
    return `postgres://arkki@127.0.0.1:${this.port}/${db}`;
  }

  /** Starts the server with `-c name=value` settings and waits until it answers queries. */
  async start(settings: Record<string, string> = {}): Promise<void> {
    const args = ['-D', this.data, '-p', String(this.port), '-k', this.socketDir, '-c', 'listen_addresses=127.0.0.1'];
    for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
    const cmd = join(PG_BIN!, 'postgres');
    const [c, a] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    this.log = '';
    const proc = spawn(c, a, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d) => {
      this.log = (this.log + d).slice(-20_000);
    });
    this.proc = proc;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${this.log}`);
      const c2 = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
      c2.on('error', () => undefined);
      try {
        await c2.connect();
        await c2.query('SELECT 1');
        await c2.end();
        return;
      } catch {
        await c2.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer within 60 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  serverLog(): string {
    return this.log;
  }

  /** The postmaster's pid (first line of postmaster.pid). */
  postmasterPid(): number {
    return Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /**
   * kill -9 of the postmaster and every backend, walsender and helper it started: the server is gone at
   * once, as when its machine dies, with no shutdown checkpoint and no goodbye to the standby.
   */
  kill9(): void {
    const pid = this.postmasterPid();
    const children: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) children.push(Number(name));
      } catch {
        /* gone meanwhile */
      }
    }
    for (const p of [pid, ...children]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** Fast shutdown; waits for the process to end. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(this.postmasterPid(), 'SIGINT');
    } catch {
      proc.kill('SIGKILL');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
}

/** A new cluster (initdb, superuser `arkki`, trust on the loopback — replication included) on a free port. */
export async function initCluster(dir: string, name: string): Promise<PgServer> {
  const data = join(dir, name);
  pgTool('initdb', ['-D', data, '-U', 'arkki', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  return new PgServer(data, await freePort(), dir);
}

/** A server on an existing data directory (a base backup, a standby) on a free port. */
export async function serverOn(dir: string, data: string): Promise<PgServer> {
  return new PgServer(data, await freePort(), dir);
}

export function removeDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
