// The run's durable checkpoint: how far the migration got, written so that a crash at any instant
// (kill -9, power cut) leaves either the previous checkpoint or the new one on disk, never half of one —
// a temporary file, fsync, rename over the old one, fsync of the folder.
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Checkpoint {
  version: 1;
  /** Identifies the export (manifest + metadata file size): a checkpoint of another export is refused. */
  exportFingerprint: string;
  /** Clienthood and case documents confirmed by the archive, in the order of RecordCollector.ordered(). */
  recordsDone: number;
  /** Data rows of the metadata file fully handled (archived, already archived, or rejected and written to the error file). */
  rowsDone: number;
  /** Length of the error file that belongs to `rowsDone`: a resume cuts it back, so no row is reported twice. */
  errorFileBytes: number;
  counts: { archived: number; alreadyArchived: number; rejected: number; records: number; converted: number };
  finished: boolean;
}

export async function readCheckpoint(file: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Checkpoint;
  if (parsed.version !== 1) throw new Error(`checkpoint ${file} has version ${parsed.version}; this tool writes version 1`);
  return parsed;
}

export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
