import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';

// PGlite is an in-process database: two processes opening the same directory would corrupt it.
// A pid lock file beside the directory refuses the second opener with a clear message.

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPgliteDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(
          `the embedded database ${dir} is in use by process ${pid}; stop it first (or use DATABASE_URL for PostgreSQL, which allows many processes)`,
        );
      }
      unlinkSync(file); // left by a process that died
    }
  }
  throw new Error(`could not lock ${dir}`);
}
