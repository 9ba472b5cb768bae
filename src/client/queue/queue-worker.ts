// Runs the load queue in the background: drains whenever there is something to send, then sleeps; runs
// the nightly batch (yöajo) once per Finnish calendar day from the configured hour on.
import { finnishTime } from '../../lib/time/index.ts';
import type { LoadQueue } from './load-queue.ts';

export interface QueueWorkerOptions {
  queue: LoadQueue;
  nightlyBatch: () => Promise<number>;
  now: () => Date;
  intervalMs: number;
  /** Finnish hour (0–23) from which the day's nightly batch runs. */
  nightlyBatchHour: number;
  onError: (err: unknown) => void;
}

export interface QueueWorker {
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

export function startQueueWorker(o: QueueWorkerOptions): QueueWorker {
  let stopped = false;
  let lastNightlyDay: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  async function tick(): Promise<void> {
    const t = finnishTime(o.now());
    if (t.minutes >= o.nightlyBatchHour * 60 && lastNightlyDay !== t.day) {
      await o.nightlyBatch();
      lastNightlyDay = t.day;
    }
    await o.queue.drain();
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (err) {
        o.onError(err);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, o.intervalMs);
      });
    }
  })();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
