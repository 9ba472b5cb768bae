// Types for pg-temp.mjs, so TypeScript callers (bench/) can start a throwaway cluster too.
import type { ChildProcess } from 'node:child_process';

export function findPgBin(): string | null;

/** null when PostgreSQL is not installed. */
export function startTempPostgres(options?: {
  fsyncOff?: boolean;
}): Promise<{ url: string; stop: () => void; process: ChildProcess } | null>;
