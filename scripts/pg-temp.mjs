// Starts a throwaway PostgreSQL cluster (Debian's postgresql package) for tests and benchmarks and
// returns its admin URL. As root the server runs as the 'postgres' user, which refuses to run as root.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** @returns {Promise<{url: string, stop: () => void} | null>} null when PostgreSQL is not installed */
export async function startTempPostgres({ fsyncOff = true } = {}) {
  const bin = findPgBin();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'arkki-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asUser = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const [c1, a1] = asUser(join(bin, 'initdb'), ['-D', data, '-U', 'arkki', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  execFileSync(c1, a1, { stdio: 'ignore' });
  const port = await freePort();
  const opts = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=100',
    '-c',
    'shared_buffers=256MB',
  ];
  // Tests and benchmarks on a throwaway cluster: durability off is fine there (never in production).
  if (fsyncOff) opts.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const [c2, a2] = asUser(join(bin, 'postgres'), opts);
  const proc = spawn(c2, a2, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => {
    log += d;
  });
  const url = `postgres://arkki@127.0.0.1:${port}/postgres`;
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => {
        sock.end();
        resolve(true);
      });
      sock.on('error', () => resolve(false));
    });
    if (ok) break;
    if (proc.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Wait until it accepts queries, not just connections.
  await new Promise((r) => setTimeout(r, 300));
  const stop = () => {
    proc.kill('SIGINT');
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* the server may still hold files */
    }
  };
  return { url, stop, process: proc };
}
