// `arkki migrate run` and `dry-run`: the rows stream through in batches — checked, their originals read
// (and converted to PDF/A where needed), signed as CDA R2 and sent in batch Bundles, the clienthood and
// case documents each client needs going first in the batch that first needs them. Memory is bounded
// by the batches in flight, not by the export.
//
// Resumable and idempotent: batches are committed in row order — their error lines appended and synced,
// then the checkpoint moved past them — so after a crash at any instant the next run starts after the
// last committed batch, cuts the error file back to that point, and re-sends what may have been in
// flight; the archive answers those with "already archived" (the ids come from the source rows).
import { mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DocumentReference } from 'fhir/r4.d.ts';
import { type ArchiveApi, isArchiveApiError } from '../../lib/archive-api/index.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { checkRow } from './check-row.ts';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import type { OpenedExport } from './export-folder.ts';
import { readLegacyRows, type SourceRow } from './legacy-rows.ts';
import type { MetadataContext } from './national-metadata.ts';
import { pdfaPage } from './pdfa-page.ts';
import type { Progress } from './progress.ts';
import { RecordCollector, type RecordNeed } from './records.ts';
import type { RejectClass } from './reject-classes.ts';
import { ERROR_FILE_HEADER, htmlReport, RejectTally } from './report.ts';
import { archiveReason, type BatchContext, type BatchOutcome, type Item, processBatch } from './run-batch.ts';
import { RecordOrder } from './run-order.ts';
import { defaultSignWorkers, inProcessSigner, SignPool } from './sign-pool.ts';

export interface RunOptions {
  exp: OpenedExport;
  outDir: string;
  /** Absent in a dry run: everything but the writes. */
  archive?: ArchiveApi;
  signingKey: SigningKey;
  batchSize: number;
  inFlight: number;
  repairLatin1: boolean;
  progress: Progress;
  log: (line: string) => void;
  /** Longest wait between attempts while the archive is unavailable (it is retried until it answers). */
  maxBackoffMs?: number;
  /**
   * Sign on worker threads (sign-pool.ts; `count` default one per core, 0 = none), which read the code
   * sets from `codesDir` (the folder the export's code sets came from). Absent: in the calling thread.
   */
  signWorkers?: { count?: number; codesDir: string };
}

export interface RunResult {
  rows: number;
  archived: number;
  alreadyArchived: number;
  rejected: number;
  records: number;
  converted: number;
  errorFile: string;
  reportFile: string;
  resumedFrom: number;
}

class Mutex {
  private tail = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runMigration(o: RunOptions): Promise<RunResult> {
  const { exp } = o;
  const dry = !o.archive;
  const checkpointFile = join(o.outDir, 'checkpoint.json');
  const errorFile = join(o.outDir, dry ? 'dry-run-errors.csv' : 'errors.csv');
  const reportFile = join(o.outDir, dry ? 'dry-run-report.html' : 'report.html');
  const checkOptions = { manifest: exp.manifest, table: exp.table, repairLatin1: o.repairLatin1 };

  await mkdir(o.outDir, { recursive: true });
  let checkpoint = dry ? undefined : await readCheckpoint(checkpointFile);
  if (checkpoint && checkpoint.exportFingerprint !== exp.fingerprint)
    throw new Error(`${checkpointFile} belongs to another export (${checkpoint.exportFingerprint}); use another --out folder for this one`);
  if (checkpoint?.finished)
    o.log(`migrate: the checkpoint says this export was migrated completely; checking again from row ${checkpoint.rowsDone}`);

  // Pass 1: the clienthoods and cases the documents need, with their start dates from the earliest document.
  const collector = new RecordCollector();
  const needs = new Map<string, RecordNeed>();
  let totalRows = 0;
  {
    const seen = new Set<string>();
    for await (const source of readLegacyRows(exp.documentsFile)) {
      totalRows++;
      const c = checkRow(source, checkOptions, seen);
      if (c.ok) collector.add(c.mapped);
    }
    for (const [key, need] of collector.keyed()) needs.set(key, need);
  }

  // The error file belongs to the checkpoint: cut back to its committed length, or start it.
  const resumedFrom = checkpoint?.rowsDone ?? 0;
  if (checkpoint) {
    const size = (await stat(errorFile).catch(() => ({ size: -1 }))).size;
    if (size < checkpoint.errorFileBytes)
      throw new Error(`${errorFile} is shorter than the checkpoint says: it was changed; start again in a new --out folder`);
    await truncate(errorFile, checkpoint.errorFileBytes);
  }
  const errors = await open(errorFile, checkpoint ? 'a' : 'w');
  let errorBytes = checkpoint?.errorFileBytes ?? 0;
  if (!checkpoint) {
    await errors.write(ERROR_FILE_HEADER);
    errorBytes = Buffer.byteLength(ERROR_FILE_HEADER);
  }
  const counts = checkpoint?.counts ?? { archived: 0, alreadyArchived: 0, rejected: 0, records: 0, converted: 0 };
  checkpoint ??= {
    version: 1,
    exportFingerprint: exp.fingerprint,
    recordsDone: 0,
    rowsDone: 0,
    errorFileBytes: errorBytes,
    counts,
    finished: false,
  };

  const ctx: MetadataContext = exp.manifest;
  const recordBodies = {
    clienthood: await pdfaPage(
      [
        'Asiakkuusasiakirja',
        `Siirretty vanhasta asiakastietojärjestelmästä: ${exp.manifest.sourceSystem}.`,
        'Asiakkuuden tiedot ovat asiakirjan kuvailutiedoissa.',
      ],
      { title: 'Asiakkuusasiakirja', date: `${exp.manifest.exportedAt}T12:00:00Z` },
    ),
    case: await pdfaPage(
      [
        'Asia-asiakirja',
        `Siirretty vanhasta asiakastietojärjestelmästä: ${exp.manifest.sourceSystem}.`,
        'Asian tiedot ovat asiakirjan kuvailutiedoissa.',
      ],
      { title: 'Asia-asiakirja', date: `${exp.manifest.exportedAt}T12:00:00Z` },
    ),
  };
  const order = new RecordOrder(needs, ctx);
  const converter = new Mutex();
  const maxBackoff = o.maxBackoffMs ?? 15_000;
  const archive = o.archive;
  const workers = o.signWorkers ? (o.signWorkers.count ?? defaultSignWorkers()) : 0;
  const pool = workers > 0 ? new SignPool(workers, o.signingKey, o.signWorkers!.codesDir) : undefined;
  const batchContext: BatchContext = {
    exp,
    order,
    sign: pool?.sign ?? inProcessSigner(exp.codeSets, o.signingKey),
    recordBodies,
    convertOneAtATime: (fn) => converter.run(fn),
    ...(archive
      ? {
          // The archive is retried until it answers: a restart of it costs the run time, not rows.
          send: async (refs: DocumentReference[]) => {
            let wait = 250;
            for (;;) {
              try {
                return await archive.documents.batch(refs);
              } catch (err) {
                if (!isArchiveApiError(err) || err.kind !== 'unavailable') throw err;
                o.log(`migrate: the archive is unavailable (${archiveReason(err)}); trying again in ${(wait / 1000).toFixed(1)} s`);
                await sleep(wait);
                wait = Math.min(maxBackoff, wait * 2);
              }
            }
          },
        }
      : {}),
  };

  const pending: Array<{ outcome: Promise<BatchOutcome> }> = [];
  async function commitHead(): Promise<void> {
    const outcome = await pending.shift()!.outcome;
    if (outcome.errorText) {
      await errors.write(outcome.errorText);
      errorBytes += Buffer.byteLength(outcome.errorText);
    }
    counts.archived += outcome.archived;
    counts.alreadyArchived += outcome.alreadyArchived;
    counts.rejected += outcome.rejected;
    counts.records += outcome.records;
    counts.converted += outcome.converted;
    checkpoint!.rowsDone = outcome.lastIndex + 1;
    checkpoint!.errorFileBytes = errorBytes;
    checkpoint!.counts = counts;
    if (!dry) {
      await errors.sync();
      await writeCheckpoint(checkpointFile, checkpoint!);
    }
    o.progress.update({
      rowsDone: checkpoint!.rowsDone,
      archived: counts.archived,
      alreadyArchived: counts.alreadyArchived,
      rejected: counts.rejected,
    });
  }

  let lastChose: Promise<void> = Promise.resolve();
  function dispatch(items: Item[]): void {
    let chose!: () => void;
    let sent!: () => void;
    const choosing = new Promise<void>((r) => {
      chose = r;
    });
    const done = new Promise<void>((r) => {
      sent = r;
    });
    const outcome = processBatch(batchContext, items, { previousChose: lastChose, chose, answered: done, markAnswered: sent });
    // A batch that failed still lets the later ones go on (they then meet the archive's refusal or the stop).
    outcome.catch(() => {
      chose();
      sent();
    });
    lastChose = choosing;
    pending.push({ outcome });
  }

  o.progress.start(totalRows, resumedFrom);
  try {
    const seen = new Set<string>();
    let batch: Item[] = [];
    let accepted = 0;
    for await (const source of readLegacyRows(exp.documentsFile)) {
      const check = checkRow(source, checkOptions, seen);
      if (source.index < resumedFrom) continue;
      batch.push({ source, check });
      if (check.ok) accepted++;
      if (accepted >= o.batchSize || batch.length >= o.batchSize * 4) {
        dispatch(batch);
        batch = [];
        accepted = 0;
        while (pending.length >= o.inFlight) await commitHead();
      }
    }
    if (batch.length > 0) dispatch(batch);
    while (pending.length > 0) await commitHead();
    checkpoint.finished = true;
    if (!dry) await writeCheckpoint(checkpointFile, checkpoint);
  } finally {
    o.progress.stop();
    await Promise.allSettled(pending.map((p) => p.outcome));
    await errors.close();
    await pool?.close();
  }

  const tally = await tallyOfErrorFile(errorFile);
  tally.rows = totalRows;
  await writeReport(reportFile, errorFile, exp, dry ? 'dry-run' : 'run', tally);
  return { rows: totalRows, ...counts, errorFile, reportFile, resumedFrom };
}

/** The counts of the report, read back from the error file (which is exact across resumes). */
export async function tallyOfErrorFile(errorFile: string): Promise<RejectTally> {
  const rows = parse(await readFile(errorFile), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const tally = new RejectTally();
  for (const r of rows)
    tally.reject(
      { row: { completed: r.completed ?? '', local_kind: r.local_kind ?? '' } as SourceRow['row'] },
      {
        class: r.class as RejectClass,
        field: r.field ?? '',
        detail: r.detail ?? '',
      },
    );
  return tally;
}

async function writeReport(file: string, errorFile: string, exp: OpenedExport, mode: 'dry-run' | 'run', tally: RejectTally): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    file,
    htmlReport(
      {
        title: mode === 'run' ? 'Tiedonsiirto arkistoon / migration run' : 'Koesiirto ilman tallennusta / dry run',
        sourceSystem: exp.manifest.sourceSystem,
        exportDir: exp.dir,
        mode,
        errorFile,
        generatedAt: new Date().toISOString(),
      },
      tally,
    ),
  );
}

export type { Checkpoint };
