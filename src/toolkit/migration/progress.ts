// Progress of a run: a bar with rate and ETA on a terminal (cli-progress), a plain line every few seconds
// otherwise (a log file, CI), so a redirected run does not fill its log with control characters.
import cliProgress from 'cli-progress';

export interface ProgressCounts {
  rowsDone: number;
  archived: number;
  alreadyArchived: number;
  rejected: number;
}

export interface Progress {
  start(total: number, done: number): void;
  update(c: ProgressCounts): void;
  stop(): void;
}

export function progressFor(stream: NodeJS.WriteStream, log: (line: string) => void, everyMs = 5000): Progress {
  let startedAt = 0;
  let startRows = 0;
  let total = 0;
  const rate = (rows: number) => (rows - startRows) / Math.max(0.001, (Date.now() - startedAt) / 1000);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'migrate {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | archived {archived}, already {already}, rejected {rejected}',
        etaBuffer: 50,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(t, done) {
        total = t;
        startedAt = Date.now();
        startRows = done;
        bar.start(total, done, { rate: '0', archived: 0, already: 0, rejected: 0 });
      },
      update(c) {
        bar.update(c.rowsDone, {
          rate: rate(c.rowsDone).toFixed(0),
          archived: c.archived,
          already: c.alreadyArchived,
          rejected: c.rejected,
        });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    start(t, done) {
      total = t;
      startedAt = Date.now();
      startRows = done;
      log(`migrate: ${done}/${total} rows done before this run`);
    },
    update(c) {
      if (Date.now() - last < everyMs && c.rowsDone < total) return;
      last = Date.now();
      const r = rate(c.rowsDone);
      const eta = r > 0 ? Math.round((total - c.rowsDone) / r) : 0;
      log(
        `migrate: ${c.rowsDone}/${total} rows (${((100 * c.rowsDone) / Math.max(1, total)).toFixed(1)} %), ${r.toFixed(0)} rows/s, ETA ${eta} s; archived ${c.archived}, already archived ${c.alreadyArchived}, rejected ${c.rejected}`,
      );
    },
    stop() {},
  };
}
