// From the archive back (issue 11 item 7): the client's summary (kooste) and archived documents, fetched
// through the archive's API as the signed-in professional, marked as archive copies, with the access the
// archive granted. The archive decides: own register by a client relation, a special reason the
// professional states (until the end of the working day), another register only by consent or
// disclosure decision; a refusal comes back with the archive's rule and nothing is shown.
import { type ArchiveApi, isArchiveApiError, patientIdOf } from '../../lib/archive-api/index.ts';
import type { ClientSummary, DocumentReference } from '../../lib/archive-api/index.ts';

export interface SpecialReasonStatement {
  serviceTask: string;
  /** A code of the special-reasons code set. */
  reasonCode: string;
  comment: string;
}

export type ArchiveAccess =
  | { basis: 'client-relation' }
  | {
      basis: 'special-reason';
      grantId?: string;
      validUntil?: string;
      reasonCode: string;
      serviceTask: string;
      /** Stated before this read (a grant lasts until the end of the working day), not with it. */
      statedEarlier?: boolean;
    }
  | { basis: 'denied'; rule: string; message: string; status?: number };

export interface ArchiveCopyDocument {
  documentId: string;
  setId?: string;
  version?: string;
  title: string;
  documentType?: string;
  completed?: string;
  status: string;
  /** Where the body is read (`Binary/<id>`, and the PDF rendering when the archive gave one). */
  bodies: Array<{ url: string; contentType: string }>;
}

export interface ArchiveCopies {
  /** Always true: these are the archive's copies, never the client system's own records. */
  archiveCopy: true;
  fetchedAt: string;
  access: ArchiveAccess;
  summary?: ClientSummary;
  documents: ArchiveCopyDocument[];
}

function documentOf(d: DocumentReference): ArchiveCopyDocument {
  const r = d as unknown as {
    id?: string;
    masterIdentifier?: { value?: string };
    identifier?: Array<{ value?: string }>;
    meta?: { versionId?: string };
    description?: string;
    type?: { coding?: Array<{ code?: string; display?: string }> };
    date?: string;
    status?: string;
    content?: Array<{ attachment?: { url?: string; contentType?: string; title?: string } }>;
  };
  const oid = (v?: string) => v?.replace(/^urn:oid:/, '');
  return {
    documentId: oid(r.masterIdentifier?.value) ?? r.id ?? '',
    ...(r.identifier?.[0]?.value ? { setId: oid(r.identifier[0].value)! } : {}),
    ...(r.meta?.versionId ? { version: r.meta.versionId } : {}),
    title: r.description ?? r.content?.[0]?.attachment?.title ?? r.type?.coding?.[0]?.display ?? '',
    ...(r.type?.coding?.[0]?.code ? { documentType: r.type.coding[0].code } : {}),
    ...(r.date ? { completed: r.date } : {}),
    status: r.status ?? 'current',
    bodies: (r.content ?? [])
      .map((c) => c.attachment)
      .filter((a): a is { url: string; contentType?: string } => !!a?.url)
      .map((a) => ({ url: a.url, contentType: a.contentType ?? 'application/octet-stream' })),
  };
}

const param = (p: unknown, name: string): string | undefined => {
  const found = (p as { parameter?: Array<Record<string, unknown>> }).parameter?.find((x) => x.name === name);
  const v = found && Object.entries(found).find(([k]) => k.startsWith('value'))?.[1];
  return typeof v === 'string' ? v : undefined;
};

/**
 * The caller's special reason for this client still in force (stated earlier the same working day): the
 * archive honours it on every read until it ends, so the access shown must say so rather than "client relation".
 */
async function activeSpecialReason(archive: ArchiveApi, patientId: string, serviceTask?: string): Promise<ArchiveAccess | undefined> {
  const own = (await archive.patients.ownSpecialReasons(1)) as { parameter?: Array<{ name: string; part?: unknown[] }> };
  for (const statement of own.parameter ?? []) {
    const parts = { parameter: statement.part ?? [] };
    const patient = (parts.parameter as Array<{ name?: string; valueReference?: { reference?: string } }>).find(
      (x) => x.name === 'patient',
    );
    const valid = (parts.parameter as Array<{ name?: string; valueBoolean?: boolean }>).find((x) => x.name === 'valid')?.valueBoolean;
    const task = param(parts, 'serviceTask');
    const reasonCode = param(parts, 'reasonCode');
    if (patient?.valueReference?.reference !== `Patient/${patientId}` || valid !== true || !task || !reasonCode) continue;
    if (serviceTask && task !== serviceTask) continue;
    const grantId = param(parts, 'grantId');
    const validUntil = param(parts, 'validUntil');
    return {
      basis: 'special-reason',
      reasonCode,
      serviceTask: task,
      statedEarlier: true,
      ...(grantId ? { grantId } : {}),
      ...(validUntil ? { validUntil } : {}),
    };
  }
  return undefined;
}

/** The archive's refusal as an access line (its rule and words); an outage is not a refusal and is thrown. */
function deniedAccess(err: unknown): ArchiveAccess {
  if (!isArchiveApiError(err) || err.kind === 'unavailable') throw err;
  const first = err.issues.find((i) => i.rule) ?? err.issues[0];
  return {
    basis: 'denied',
    rule: first?.rule ?? err.kind,
    message: first?.message ?? err.message,
    ...(err.status ? { status: err.status } : {}),
  };
}

/**
 * States a special reason for the client (henkilötunnus): the grant, or the archive's refusal. A reason for the
 * same service task still in force (the archive refuses a second one) is that grant, stated earlier.
 */
export async function stateSpecialReason(archive: ArchiveApi, hetu: string, statement: SpecialReasonStatement): Promise<ArchiveAccess> {
  const patientId = patientIdOf(hetu);
  try {
    const granted = await archive.patients.stateSpecialReason(patientId, statement);
    const grantId = param(granted, 'grantId');
    const validUntil = param(granted, 'validUntil');
    return {
      basis: 'special-reason',
      reasonCode: statement.reasonCode,
      serviceTask: statement.serviceTask,
      ...(grantId ? { grantId } : {}),
      ...(validUntil ? { validUntil } : {}),
    };
  } catch (err) {
    const refused = deniedAccess(err);
    if (refused.basis === 'denied' && refused.rule === 'special-reason-in-force')
      return (await activeSpecialReason(archive, patientId, statement.serviceTask)) ?? refused;
    return refused;
  }
}

/**
 * The archive copies of a client (henkilötunnus) as `archive` sees them (a professional's view of the
 * archive API); with `specialReason` the reason is stated first, and the access shown is that grant;
 * without, a reason the caller stated earlier and still in force is shown as the access.
 */
export async function readArchiveCopies(
  archive: ArchiveApi,
  hetu: string,
  options: { serviceTask?: string; specialReason?: SpecialReasonStatement; now?: () => Date } = {},
): Promise<ArchiveCopies> {
  const fetchedAt = (options.now?.() ?? new Date()).toISOString();
  const patientId = patientIdOf(hetu);
  const refused = (access: ArchiveAccess): ArchiveCopies => ({ archiveCopy: true, fetchedAt, access, documents: [] });
  let access: ArchiveAccess = { basis: 'client-relation' };
  try {
    if (options.specialReason) {
      access = await stateSpecialReason(archive, hetu, options.specialReason);
      if (access.basis === 'denied') return refused(access);
    } else {
      const earlier = await activeSpecialReason(archive, patientId, options.serviceTask);
      if (earlier) access = earlier;
    }
    const serviceTask = options.serviceTask ?? options.specialReason?.serviceTask;
    const summary = await archive.patients.summary(patientId, serviceTask ? { serviceTask } : {});
    const documents: ArchiveCopyDocument[] = [];
    for await (const d of archive.documents.searchAll({ client: { hetu }, ...(serviceTask ? { serviceTask } : {}), count: 200 }))
      documents.push(documentOf(d));
    return { archiveCopy: true, fetchedAt, access, summary, documents };
  } catch (err) {
    return refused(deniedAccess(err));
  }
}
