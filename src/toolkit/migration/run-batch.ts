// One batch of `arkki migrate run`: its rows' originals read (and converted to PDF/A where needed), their
// documents signed (sign-pool.ts), the clienthood and case records it is the first to need chosen
// (run-order.ts) and signed, and all of it sent as one batch Bundle; the answer per entry becomes the
// batch's counts and error lines. Nothing here is durable: run.ts commits batches in row order.
import { readFile } from 'node:fs/promises';
import type { DocumentReference } from 'fhir/r4.d.ts';
import { type ArchiveApi, isArchiveApiError } from '../../lib/archive-api/index.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { checkFile } from './check-file.ts';
import type { MappedRow, RowCheck } from './check-row.ts';
import { type ConvertItem, convertToPdfA } from './convert.ts';
import type { OpenedExport } from './export-folder.ts';
import type { SourceRow } from './legacy-rows.ts';
import { documentMetadata } from './national-metadata.ts';
import { declaresPdfA } from './pdfa-page.ts';
import type { Rejection } from './reject-classes.ts';
import { errorLine } from './report.ts';
import type { RecordOrder } from './run-order.ts';
import type { CdaSigner } from './sign-pool.ts';

export interface Item {
  source: SourceRow;
  check: RowCheck;
}

export interface BatchOutcome {
  lastIndex: number;
  errorText: string;
  archived: number;
  alreadyArchived: number;
  rejected: number;
  records: number;
  converted: number;
}

type BatchResults = Awaited<ReturnType<ArchiveApi['documents']['batch']>>;

export interface BatchContext {
  exp: OpenedExport;
  order: RecordOrder;
  sign: CdaSigner;
  /** Absent in a dry run. */
  send?: (refs: DocumentReference[]) => Promise<BatchResults>;
  /** PDF/A bodies of the derived clienthood and case documents. */
  recordBodies: { clienthood: Buffer; case: Buffer };
  /** Conversions run one batch at a time (each is a LibreOffice / Ghostscript process of its own). */
  convertOneAtATime: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** The hand-offs between batches in dispatch order (run.ts): when the previous batch chose, this one may. */
export interface BatchTurn {
  previousChose: Promise<void>;
  chose: () => void;
  /** Settles when this batch's send has its answer. */
  answered: Promise<void>;
  markAnswered: () => void;
}

const HETU_LIKE = /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/g;

/** The archive's words for the error file, without any henkilötunnus it may have quoted. */
export function archiveReason(err: unknown): string {
  if (!isArchiveApiError(err)) return String((err as Error).message ?? err).replace(HETU_LIKE, '(henkilötunnus)');
  const issues = err.issues.map((i) => `${i.rule ? `[${i.rule}] ` : ''}${i.field ? `${i.field}: ` : ''}${i.message}`);
  return `${err.kind}${err.status ? ` ${err.status}` : ''}: ${issues.join('; ') || err.message}`.replace(HETU_LIKE, '(henkilötunnus)');
}

/** The bodies of a batch's accepted rows: PDF/A originals as they are, the others converted. */
async function readBodies(ctx: BatchContext, items: Item[], verdicts: Array<Rejection | undefined>, out: BatchOutcome) {
  const bodies: Array<Buffer | undefined> = new Array(items.length);
  const toConvert: Array<{ i: number; item: ConvertItem }> = [];
  await Promise.all(
    items.map(async (it, i) => {
      if (!it.check.ok) return;
      const f = await checkFile(ctx.exp.filesDir, it.source.row.file);
      if (!f.ok) {
        verdicts[i] = f.rejection;
        return;
      }
      const bytes = await readFile(f.path);
      if (f.format === 'pdf' && declaresPdfA(bytes)) bodies[i] = bytes;
      else toConvert.push({ i, item: { path: f.path, format: f.format } });
    }),
  );
  toConvert.sort((a, b) => a.i - b.i);
  if (toConvert.length > 0) {
    const converted = await ctx.convertOneAtATime(() => convertToPdfA(toConvert.map((c) => c.item)));
    for (const [k, c] of converted.entries()) {
      const { i } = toConvert[k]!;
      if (c.ok) {
        bodies[i] = c.pdf;
        out.converted++;
      } else verdicts[i] = { class: 'conversion-failed', field: 'file', detail: `${items[i]!.source.row.file}: ${c.detail}` };
    }
  }
  return bodies;
}

/** The error-file line of a derived record the archive refused (it has no source row of its own). */
function recordErrorLine(m: DocumentMetadata, err: unknown): string {
  return errorLine(
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
    { class: 'archive-refused', field: 'record', detail: archiveReason(err) },
  );
}

/**
 * One batch. Reading, converting and signing its documents run alongside the other batches in flight;
 * choosing its records waits for the previous batch's choice, and sending waits for the answers of the
 * batches that carry records its documents need.
 */
export async function processBatch(ctx: BatchContext, items: Item[], turn: BatchTurn): Promise<BatchOutcome> {
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
  const bodies = await readBodies(ctx, items, verdicts, out);
  const docs: Array<{ i: number; m: DocumentMetadata }> = [];
  const rows: MappedRow[] = [];
  for (const [i, it] of items.entries()) {
    if (verdicts[i] || !it.check.ok) continue;
    docs.push({ i, m: documentMetadata(ctx.exp.manifest, it.check.mapped) });
    rows.push(it.check.mapped);
  }
  const docRefs = ctx.sign(docs.map((d) => ({ metadata: d.m, pdf: bodies[d.i]! })));
  docRefs.catch(() => undefined); // awaited below; a failure must not go unhandled while this batch waits its turn
  // Records first (the archive refuses a document before its clienthood and case), then the documents.
  await turn.previousChose;
  const { records, waitFor } = ctx.order.choose(rows, turn.answered);
  turn.chose();
  const recordRefs = await ctx.sign(
    records.map((r) => ({
      metadata: r.metadata,
      pdf: r.metadata.caseRecord ? ctx.recordBodies.case : ctx.recordBodies.clienthood,
    })),
  );
  const refs = [...recordRefs, ...(await docRefs)];
  await Promise.all(waitFor);
  let results: BatchResults = [];
  try {
    if (ctx.send && refs.length > 0) results = await ctx.send(refs);
  } finally {
    turn.markAnswered();
  }
  if (ctx.send) {
    for (const [k, r] of results.entries()) {
      if (k < records.length) {
        // A refused record is reported once; the documents that need it come back refused with the archive's reason too.
        if (r.ok) out.records++;
        else out.errorText += recordErrorLine(records[k]!.metadata, r.error);
        continue;
      }
      const d = docs[k - records.length]!;
      if (r.ok) {
        if (r.created) out.archived++;
        else out.alreadyArchived++;
      } else verdicts[d.i] = { class: 'archive-refused', field: 'document', detail: archiveReason(r.error) };
    }
  } else {
    out.records += records.length;
    out.archived += docs.length;
  }
  for (const [i, v] of verdicts.entries()) {
    if (!v) continue;
    out.rejected++;
    out.errorText += errorLine(items[i]!.source, v);
  }
  return out;
}
