// One self-overwriting progress line on stderr (plain lines when stderr is not a terminal).

export interface Progress {
  update(done: number, extra?: string): void;
  done(summary: string): void;
}

export function progress(label: string, total: number): Progress {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let lastPrint = 0;
  const line = (done: number, extra: string) => {
    const s = (performance.now() - started) / 1000;
    const pct = total > 0 ? ` ${Math.min(100, Math.floor((done / total) * 100))}%` : '';
    return `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${pct} ${s.toFixed(0)} s${extra ? ` ${extra}` : ''}`;
  };
  return {
    update(done, extra = '') {
      const now = performance.now();
      if (now - lastPrint < (tty ? 250 : 10_000)) return;
      lastPrint = now;
      process.stderr.write(tty ? `\r${line(done, extra)}\x1b[K` : `${line(done, extra)}\n`);
    },
    done(summary) {
      process.stderr.write(`${tty ? '\r' : ''}${label}: ${summary}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
