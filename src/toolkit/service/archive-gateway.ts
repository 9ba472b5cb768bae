// What the toolkit asks of the archive, over its public FHIR API only (lib/archive-api): the organisation
// register, what an organisation's systems archived (DocumentReference search, register-wide as the
// organisation's archivist), what the archive refused for or from it (Organization/<OID>/$refusals) and
// the organisation's archiving state, which a passed deployment test opens ($open-archiving).
import type { ArchiveApi, ArchivingState, DocumentReference, Organization, Resource, SearchPage } from '../../lib/archive-api/index.ts';
import { plusDays } from '../../lib/time/finnish-clock.ts';
import type { CheckedField } from '../domain/deployment-test.ts';

const EXT = 'https://arkki.example/fhir/StructureDefinition/';

export interface RegisterEntry {
  oid: string;
  name: string;
  active: boolean;
  partOf?: string;
}

export interface ArchivedDocumentView {
  documentId: string;
  setId: string;
  /** Archiving time (ISO). */
  archivedAt: string;
  documentType: string;
  documentTypeName: string;
  serviceUnit: string;
  /** The metadata values an archivist checks, as text; the client only as its identifier system. */
  values: Partial<Record<CheckedField, string>>;
}

export interface ArchiveRefusal {
  at: string;
  /** The archive's rule, e.g. `code-unknown`, and the field it named. */
  reason: string;
  field: string;
  documentType?: string;
  serviceUnit?: string;
  /** The sending system. */
  system: string;
  documentIds: string[];
}

function entryOf(o: Organization): RegisterEntry {
  const oid = o.identifier?.find((i) => i.system?.includes('1.2.246.537'))?.value ?? o.id ?? '';
  const parent = o.partOf?.reference?.split('/')[1];
  return { oid, name: o.name ?? oid, active: o.active !== false, ...(parent ? { partOf: parent } : {}) };
}

async function all<T extends Resource>(first: Promise<SearchPage<T>>): Promise<T[]> {
  const out: T[] = [];
  let page: SearchPage<T> | undefined = await first;
  while (page) {
    out.push(...page.resources);
    page = page.next ? await page.next() : undefined;
  }
  return out;
}

const extValue = (d: DocumentReference, name: string): Record<string, unknown> | undefined =>
  (d.extension as Array<Record<string, unknown>> | undefined)?.find((e) => e.url === `${EXT}${name}`);

function viewOf(d: DocumentReference): ArchivedDocumentView {
  const unit = (extValue(d, 'service-unit')?.valueIdentifier as { value?: string } | undefined)?.value ?? '';
  const sub = (name: string, key: string) =>
    ((extValue(d, name)?.extension as Array<Record<string, unknown>> | undefined) ?? []).find((e) => e.url === key);
  const typeCoding = d.type?.coding?.[0];
  const categories = (d.category ?? []).map((c) => c.coding?.[0]);
  const serviceTask = categories[0];
  const phase = categories[1];
  const context = d.context as
    | { event?: Array<{ coding?: Array<{ code?: string; display?: string }> }>; related?: Array<{ display?: string }> }
    | undefined;
  const author = d.author?.[0] as { display?: string; identifier?: { value?: string } } | undefined;
  const publicity = sub('publicity', 'class')?.valueCode as string | undefined;
  const basis = sub('publicity', 'basis')?.valueString as string | undefined;
  const rule = sub('retention', 'rule')?.valueCode as string | undefined;
  const destruction = sub('retention', 'destructionDate')?.valueDate as string | undefined;
  const completed = extValue(d, 'completed')?.valueDateTime as string | undefined;
  const format = (d.content?.[0] as { format?: { code?: string } } | undefined)?.format?.code;
  const documentId = (d.masterIdentifier?.value ?? '').replace(/^urn:oid:/, '');
  return {
    documentId,
    setId: d.id ?? '',
    archivedAt: d.date ?? '',
    documentType: typeCoding?.code ?? '',
    documentTypeName: typeCoding?.display ?? typeCoding?.code ?? '',
    serviceUnit: unit,
    values: {
      documentType: `${typeCoding?.display ?? ''} (${typeCoding?.code ?? ''})`,
      // A test client, yet the toolkit keeps no client identifiers: the kind of identifier is what is checked.
      client: d.subject?.identifier?.system === 'urn:oid:1.2.246.21' ? 'henkilötunnus' : (d.subject?.identifier?.system ?? ''),
      registerKeeper: d.custodian?.identifier?.value ?? '',
      serviceUnit: unit,
      serviceTask: serviceTask ? `${serviceTask.display ?? ''} (${serviceTask.code ?? ''})` : '',
      socialServices: (context?.event ?? []).map((e) => `${e.coding?.[0]?.display ?? ''} (${e.coding?.[0]?.code ?? ''})`).join(', '),
      processPhase: phase ? `${phase.display ?? ''} (${phase.code ?? ''})` : '',
      case: context?.related?.[0]?.display ?? '',
      author: author ? `${author.display ?? ''} (${author.identifier?.value ?? ''})` : '',
      completed: completed ?? '',
      publicity: [publicity, basis].filter(Boolean).join(', '),
      retention: [rule, destruction ? `→ ${destruction}` : 'permanent'].filter(Boolean).join(' '),
      signature: format === 'cda' ? 'CDA R2, system signature verified by the archive at ingest' : (format ?? ''),
    },
  };
}

export interface ArchiveGateway {
  /** Register keepers of the organisation register. */
  organisations(): Promise<RegisterEntry[]>;
  organisation(oid: string): Promise<RegisterEntry | undefined>;
  /** Service units under an organisation (any depth). */
  unitsOf(oid: string): Promise<RegisterEntry[]>;
  /** One authenticated round trip: the archive answers and accepts the toolkit's identity. */
  connection(): Promise<{ ok: boolean; detail: string }>;
  /** What the organisation's systems archived in [from, to) (ISO days), read as the organisation's archivist. */
  archived(organisationOid: string, from: string, to: string): Promise<ArchivedDocumentView[]>;
  /** What the archive refused for or from the organisation in [from, to) (ISO days). */
  refused(organisationOid: string, from: string, to: string): Promise<ArchiveRefusal[]>;
  /** The organisation's archiving state in the archive. */
  archivingState(organisationOid: string): Promise<ArchivingState>;
  /** Opens archiving for the organisation (as its archivist); opening an open one changes nothing. */
  openArchiving(organisationOid: string, reason: string): Promise<ArchivingState>;
}

/** The archive answers $refusals for at most 92 days at a time. */
const REFUSAL_WINDOW_DAYS = 84;

export interface GatewayOptions {
  archive: ArchiveApi;
  /** Demo mode: the archive's demo user who reads an organisation's data as its archivist. */
  archivistOf?: (organisationOid: string) => Promise<string | undefined>;
}

export function archiveGateway({ archive, archivistOf }: GatewayOptions): ArchiveGateway {
  const as = async (oid: string): Promise<ArchiveApi> => {
    const user = archivistOf ? await archivistOf(oid) : undefined;
    return user ? archive.asDemoUser(user) : archive;
  };
  const gateway: ArchiveGateway = {
    async organisations() {
      const orgs = await all(archive.referenceData.organisations({}));
      return orgs.filter((o) => !o.partOf && (o.type?.length ?? 0) > 0).map(entryOf);
    },
    async organisation(oid) {
      try {
        return entryOf(await archive.referenceData.organisation(oid));
      } catch {
        return undefined;
      }
    },
    async unitsOf(oid) {
      const out: RegisterEntry[] = [];
      let level = [oid];
      for (let depth = 0; depth < 6 && level.length > 0; depth++) {
        const next: string[] = [];
        for (const parent of level) {
          const children = (await all(archive.referenceData.organisations({ partOf: parent }))).map(entryOf);
          out.push(...children);
          next.push(...children.map((c) => c.oid));
        }
        level = next;
      }
      return out;
    },
    async connection() {
      const started = Date.now();
      try {
        const cs = await archive.referenceData.capabilities();
        await archive.referenceData.organisations({ name: 'a' });
        return { ok: true, detail: `FHIR ${cs.fhirVersion ?? ''} answered in ${Date.now() - started} ms` };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    },
    async archived(organisationOid, from, to) {
      const api = await as(organisationOid);
      const docs: DocumentReference[] = await all(api.documents.search({ count: 500, extra: { date: [`ge${from}`, `lt${to}`] } }));
      return docs.filter((d) => d.custodian?.identifier?.value === organisationOid).map(viewOf);
    },
    async refused(organisationOid, from, to) {
      const api = await as(organisationOid);
      const out: ArchiveRefusal[] = [];
      for (let start = from; start < to; start = plusDays(start, REFUSAL_WINDOW_DAYS)) {
        // ISO days compare as text.
        const next = plusDays(start, REFUSAL_WINDOW_DAYS);
        const end = next.localeCompare(to) < 0 ? next : to;
        const page = await api.refusals(organisationOid, start, end);
        for (const r of page.refusals)
          out.push({
            at: r.at,
            reason: r.issues[0]?.rule ?? r.errorCode,
            field: r.issues[0]?.field ?? '',
            ...(r.documentType ? { documentType: r.documentType } : {}),
            ...(r.serviceUnit ? { serviceUnit: r.serviceUnit } : {}),
            system: r.system,
            documentIds: r.documentId ? [r.documentId] : [],
          });
      }
      return out;
    },
    archivingState: async (oid) => (await as(oid)).archiving.state(oid),
    openArchiving: async (oid, reason) => (await as(oid)).archiving.open(oid, reason),
  };
  return gateway;
}

/** Demo mode: the archive's own list of demo users (GET /demo/users) names each organisation's archivist. */
export function demoArchivists(archiveUrl: string): (organisationOid: string) => Promise<string | undefined> {
  let users: Promise<Array<{ id: string; organisation: string; role: string }>> | undefined;
  return async (oid) => {
    users ??= fetch(new URL('/demo/users', archiveUrl))
      .then((r) => (r.ok ? (r.json() as Promise<Array<{ id: string; organisation: string; role: string }>>) : []))
      .catch(() => {
        users = undefined;
        return [];
      });
    return (await users).find((u) => u.role === 'archivist' && u.organisation === oid)?.id;
  };
}
