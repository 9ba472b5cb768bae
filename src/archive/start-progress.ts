// What `npm start` prints while it works: a step that takes longer than a second is named (and again every
// five seconds while it lasts), so a slow first start on a loaded machine does not look hung.

export interface StartProgress {
  /** The step now under way. */
  step(label: string): void;
  /** No step any more (stops the ticker). */
  end(): void;
}

export function startProgress(write: (line: string) => void, now: () => number = Date.now): StartProgress {
  let label = '';
  let since = now();
  let told = 0;
  const timer = setInterval(() => {
    if (!label) return;
    const s = Math.floor((now() - since) / 1000);
    if (s >= 1 && (told === 0 || s - told >= 5)) {
      write(`  … ${label} (${s} s)`);
      told = s;
    }
  }, 250);
  timer.unref();
  return {
    step(next) {
      label = next;
      since = now();
      told = 0;
    },
    end() {
      label = '';
      clearInterval(timer);
    },
  };
}
