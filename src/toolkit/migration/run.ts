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
import { type ArchiveApi, isArchiveApiError, signedCdaDocumentReference } from '../../lib/archive-api/index.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { checkFile } from './check-file.ts';
import { checkRow, type RowCheck } from './check-row.ts';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { type ConvertItem, convertToPdfA } from './convert.ts';
import type { OpenedExport } from './export-folder.ts';
import { readLegacyRows, type SourceRow } from './legacy-rows.ts';
import { documentMetadata, type MetadataContext, recordMetadata } from './national-metadata.ts';
import { declaresPdfA, pdfaPage } from './pdfa-page.ts';
import type { Progress } from './progress.ts';
import { needKeys, RecordCollector, type RecordNeed } from './records.ts';
import type { RejectClass, Rejection } from './reject-classes.ts';
import { ERROR_FILE_HEADER, errorLine, htmlReport, RejectTally } from './report.ts';
import { signedCda } from './signed-cda.ts';

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

interface Item {
  source: SourceRow;
  check: RowCheck;
}

interface BatchOutcome {
  lastIndex: number;
  errorText: string;
  archived: number;
  alreadyArchived: number;
  rejected: number;
  records: number;
  converted: number;
}

const HETU_LIKE = /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/g;

/** The archive's words for the error file, without any henkilötunnus it may have quoted. */
function archiveReason(err: unknown): string {
  if (!isArchiveApiError(err)) return String((err as Error).message ?? err).replace(HETU_LIKE, '(henkilötunnus)');
  const issues = err.issues.map((i) => `${i.rule ? `[${i.rule}] ` : ''}${i.field ? `${i.field}: ` : ''}${i.message}`);
  return `${err.kind}${err.status ? ` ${err.status}` : ''}: ${issues.join('; ') || err.message}`.replace(HETU_LIKE, '(henkilötunnus)');
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
  // A record is sent by the first batch that needs it; later batches wait for that batch's answer.
  const recordSent = new Map<string, Promise<void>>();
  const converter = new Mutex();
  const maxBackoff = o.maxBackoffMs ?? 15_000;

  async function send(refs: ReturnType<typeof signedCdaDocumentReference>[]) {
    let wait = 250;
    for (;;) {
      try {
        return await o.archive!.documents.batch(refs);
      } catch (err) {
        if (!isArchiveApiError(err) || err.kind !== 'unavailable') throw err;
        o.log(`migrate: the archive is unavailable (${archiveReason(err)}); trying again in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
        wait = Math.min(maxBackoff, wait * 2);
      }
    }
  }

  /**
   * One batch. Reading and converting run alongside the other batches in flight; choosing which records
   * the batch carries happens in dispatch order (after the previous batch chose), so a record always
   * belongs to an earlier batch than the ones waiting for it, and no two batches wait for each other.
   */
  async function processBatch(
    items: Item[],
    previousChose: Promise<void>,
    chose: () => void,
    done: Promise<void>,
    sent: () => void,
  ): Promise<BatchOutcome> {
    const out: BatchOutcome = {
      lastIndex: items.at(-1)!.source.index,
      errorText: '',
      archived: 0,
      alreadyArchived: 0,
      rejected: 0,
      records: 0,
      converted: 0,
    };
    const verdicts: Array<Rejection | undefined> = items.map((it) => (it.check.ok ? undefined : it.check.rejection));
    const bodies: Array<Buffer | undefined> = new Array(items.length);
    const toConvert: Array<{ i: number; item: ConvertItem }> = [];
    for (const [i, it] of items.entries()) {
      if (!it.check.ok) continue;
      const f = await checkFile(exp.filesDir, it.source.row.file);
      if (!f.ok) {
        verdicts[i] = f.rejection;
        continue;
      }
      const bytes = await readFile(f.path);
      if (f.format === 'pdf' && declaresPdfA(bytes)) bodies[i] = bytes;
      else toConvert.push({ i, item: { path: f.path, format: f.format } });
    }
    if (toConvert.length > 0) {
      const converted = await converter.run(() => convertToPdfA(toConvert.map((c) => c.item)));
      for (const [k, c] of converted.entries()) {
        const { i } = toConvert[k]!;
        if (c.ok) {
          bodies[i] = c.pdf;
          out.converted++;
        } else verdicts[i] = { class: 'conversion-failed', field: 'file', detail: `${items[i]!.source.row.file}: ${c.detail}` };
      }
    }
    // Records first (the archive refuses a document before its clienthood and case), then the documents.
    await previousChose;
    const waitFor = new Set<Promise<void>>();
    const recordMetas: Array<{ key: string; m: DocumentMetadata }> = [];
    const docs: Array<{ i: number; m: DocumentMetadata }> = [];
    for (const [i, it] of items.entries()) {
      if (verdicts[i] || !it.check.ok) continue;
      for (const key of needKeys(it.check.mapped)) {
        const owner = recordSent.get(key);
        if (owner) {
          if (owner !== done) waitFor.add(owner);
          continue;
        }
        const need = needs.get(key);
        if (!need) continue;
        recordSent.set(key, done);
        recordMetas.push({ key, m: recordMetadata(ctx, need) });
      }
      docs.push({ i, m: documentMetadata(ctx, it.check.mapped) });
    }
    chose();
    const order = (m: DocumentMetadata) => (m.clienthood?.level === 'social-welfare' ? 0 : m.clienthood ? 1 : 2);
    recordMetas.sort((a, b) => order(a.m) - order(b.m));
    const refs = [
      ...recordMetas.map((r) =>
        signedCdaDocumentReference(
          signedCda(r.m, r.m.caseRecord ? recordBodies.case : recordBodies.clienthood, exp.codeSets, o.signingKey),
        ),
      ),
      ...docs.map((d) => signedCdaDocumentReference(signedCda(d.m, bodies[d.i]!, exp.codeSets, o.signingKey))),
    ];
    await Promise.all(waitFor);
    let results: Awaited<ReturnType<typeof send>> = [];
    try {
      if (!dry && refs.length > 0) results = await send(refs);
    } finally {
      sent();
    }
    if (!dry && refs.length > 0) {
      for (const [k, r] of results.entries()) {
        if (k < recordMetas.length) {
          if (r.ok) out.records++;
          else {
            // A refused record is reported once; the documents that need it come back refused with the archive's reason too.
            const m = recordMetas[k]!.m;
            out.errorText += errorLine(
              {
                line: 0,
                row: {
                  row_id: `(${m.clienthood ? 'clienthood' : 'case'} ${m.documentId})`,
                  local_kind: '',
                  local_service: '',
                  local_unit: '',
                  completed: m.completed.slice(0, 10),
                } as SourceRow['row'],
              },
              { class: 'archive-refused', field: 'record', detail: archiveReason(r.error) },
            );
          }
          continue;
        }
        const d = docs[k - recordMetas.length]!;
        if (r.ok) {
          if (r.created) out.archived++;
          else out.alreadyArchived++;
        } else verdicts[d.i] = { class: 'archive-refused', field: 'document', detail: archiveReason(r.error) };
      }
    } else if (dry) {
      out.records += recordMetas.length;
      out.archived += docs.length;
    }
    for (const [i, v] of verdicts.entries()) {
      if (!v) continue;
      out.rejected++;
      out.errorText += errorLine(items[i]!.source, v);
    }
    return out;
  }

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
    const outcome = processBatch(items, lastChose, chose, done, sent);
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
