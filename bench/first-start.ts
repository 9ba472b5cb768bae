import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { note } from './progress.ts';

// First `npm start` as a new user meets it: node + tsx on src/main.ts in demo mode with an empty data
// directory (embedded PGlite, the demo TEST PKI and the demo data all created). Measured: until the server
// listens and prints its URLs ("ready"), until the demo data is all archived, and a restart on that data.

export interface FirstStartRun {
  readySeconds: number;
  /** The "ready in X s" main.ts prints (from its own start, without node's and tsx's start-up). */
  printedReadySeconds: number;
  seededSeconds: number;
  restartReadySeconds: number;
  progressLines: number;
}

export interface FirstStartResult {
  runs: FirstStartRun[];
  median: { readySeconds: number; seededSeconds: number; restartReadySeconds: number };
}

// ARKKI_BENCH_START_ROOT: another checkout to start (e.g. the commit before a change, for a before figure).
const root = process.env.ARKKI_BENCH_START_ROOT ?? new URL('../', import.meta.url).pathname;

function startOnce(dir: string, until: RegExp): Promise<{ seconds: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        ARKKI_DATA_DIR: dir,
        ARKKI_MODE: 'demo',
        DATABASE_URL: '',
        ARKKI_LOG_MONITOR_INTERVAL_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let seconds = 0;
    const onData = (d: Buffer) => {
      out += d;
      if (!seconds && until.test(out)) {
        seconds = (performance.now() - t0) / 1000;
        proc.kill('SIGTERM');
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d: Buffer) => {
      out += d;
    });
    proc.on('exit', () => (seconds ? resolve({ seconds, output: out }) : reject(new Error(`npm start ended before ${until}:\n${out}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function firstStartBenchmark(runs: number): Promise<FirstStartResult> {
  const out: FirstStartRun[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'arkki-first-start-'));
    try {
      const t0 = performance.now();
      // One process: "ready" is read from the output as it comes, the run ends when the demo data is in.
      let readySeconds = 0;
      const first = await new Promise<{ seconds: number; output: string }>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          cwd: root,
          env: {
            ...process.env,
            PORT: '0',
            HOST: '127.0.0.1',
            ARKKI_DATA_DIR: dir,
            ARKKI_MODE: 'demo',
            DATABASE_URL: '',
            ARKKI_LOG_MONITOR_INTERVAL_SECONDS: '0',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let text = '';
        let seconds = 0;
        proc.stdout.on('data', (d: Buffer) => {
          text += d;
          if (!readySeconds && /landing page/.test(text)) readySeconds = (performance.now() - t0) / 1000;
          if (!seconds && /documents archived on this first start/.test(text)) {
            seconds = (performance.now() - t0) / 1000;
            proc.kill('SIGTERM');
          }
        });
        proc.stderr.on('data', (d: Buffer) => {
          text += d;
        });
        proc.on('exit', () => (seconds ? resolve({ seconds, output: text }) : reject(new Error(`first start failed:\n${text}`))));
      });
      const restart = await startOnce(dir, /landing page/);
      const run: FirstStartRun = {
        readySeconds: r1(readySeconds),
        printedReadySeconds: Number(/ready in ([\d.]+) s/.exec(first.output)?.[1] ?? Number.NaN),
        seededSeconds: r1(first.seconds),
        restartReadySeconds: r1(restart.seconds),
        progressLines: first.output.split('\n').filter((l) => /^\s+(…|demo data:)/.test(l)).length,
      };
      note(
        `first start ${i + 1}/${runs}: ready ${run.readySeconds} s, demo data in ${run.seededSeconds} s, restart ready ${run.restartReadySeconds} s`,
      );
      out.push(run);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    runs: out,
    median: {
      readySeconds: median(out.map((r) => r.readySeconds)),
      seededSeconds: median(out.map((r) => r.seededSeconds)),
      restartReadySeconds: median(out.map((r) => r.restartReadySeconds)),
    },
  };
}
