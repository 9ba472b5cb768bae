import { spawn, type ChildProcess } from 'node:child_process';

// `npm start` as a new user runs it (node + tsx on src/main.ts, demo mode, PGlite in a data directory),
// with its output collected so tests can wait for what it prints.

const root = new URL('../../', import.meta.url).pathname;

/** Resolves when the output matches `pattern` (the machine may be loaded: minutes, not seconds). */
export function waitFor(proc: ChildProcess, output: () => string, pattern: RegExp, seconds: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${seconds} s:\n${output()}`)), seconds * 1000);
    const check = () => {
      const m = pattern.exec(output());
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve(m);
      }
    };
    proc.stdout!.on('data', check);
    check();
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output()}`));
    });
  });
}

export async function start(dataDir: string): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ARKKI_DATA_DIR: dataDir, ARKKI_MODE: 'demo', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const base = (await waitFor(proc, () => out, /landing page\s+(http:\/\/\S+)\//, 240))[1]!;
  return { proc, base, output: () => out };
}

export async function stop(proc: ChildProcess): Promise<void> {
  const done = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  await done;
}
