import type { Db } from '../../src/lib/db/db.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import type { ArchiveContext } from '../../src/archive/context.ts';
import { depsOf } from '../../src/archive/context.ts';
import { prepareArchive } from '../../src/archive/bootstrap.ts';
import { readDemoOrganisations } from '../../src/archive/demo/seed.ts';
import { readDemoUsers, demoAuthenticator } from '../../src/archive/auth/demo-authenticator.ts';
import { DEMO_DIR } from '../../src/archive/demo/seed.ts';
import { simplePdf } from '../../src/archive/demo/pdf-body.ts';
import type { DocumentMetadata } from '../../src/archive/domain/metadata.ts';
import type { ArchiveDeps } from '../../src/archive/service/deps.ts';
import type { Submission } from '../../src/archive/service/store-documents.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { importOrganisations } from '../../src/archive/store/organisation-store.ts';

// Shared test fixtures for the archive: a prepared context on a given database (demo organisations and
// users loaded, no demo documents) and builders for valid submissions that tests then break one field at a time.

export const RK = '1.2.246.10.9990001.10.1'; // Pohjanmaan hyvinvointialue
export const RK_OTHER = '1.2.246.10.9990002.10.1'; // Etelä-Karjalan hyvinvointialue
export const UNIT_LS = '1.2.246.10.9990001.10.101'; // Lastensuojelu, Vaasa
export const UNIT_OTHER = '1.2.246.10.9990002.10.101';
export const CHILD_WELFARE = '10';
export const DISABILITY = '20';
export const HETU = '010516A901V'; // test numbers (900–999) only
export const HETU_2 = '020516C903K';
export const NOW = new Date('2026-11-20T10:00:00Z');

export interface ArchiveFixture {
  ctx: ArchiveContext;
  deps: ArchiveDeps;
  users: Record<string, Identity>;
  db: Db;
}

export async function archiveFixture(db: Db, options: { now?: Date; maxBodyBytes?: number } = {}): Promise<ArchiveFixture> {
  const now = options.now ?? NOW;
  const ctx = await prepareArchive(db, 'demo', options.maxBodyBytes ?? 1024 * 1024, () => now);
  await importOrganisations(db, await readDemoOrganisations());
  const list = await readDemoUsers(`${DEMO_DIR}users.json`);
  ctx.authenticate = demoAuthenticator(list);
  return { ctx, deps: depsOf(ctx), users: Object.fromEntries(list.map((u) => [u.userId, u])), db };
}

let counter = 0;
/** A fresh OID under a test arc for each call. */
export function newOid(kind = 1): string {
  counter += 1;
  return `1.2.246.10.9990001.98.${kind}.1${process.pid}${String(counter).padStart(6, '0')}`;
}

export function pdf(text = 'Testiasiakirja – äöå'): { contentType: string; data: Buffer } {
  return { contentType: 'application/pdf', data: simplePdf([text]) };
}

/** Metadata of a valid client document for HETU in child welfare, case `caseId`. */
export function clientDocument(caseId: string, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const id = newOid(1);
  return {
    documentId: id,
    setId: id.replace('.98.1.', '.98.2.'),
    version: 1,
    documentType: '1001',
    title: 'Kasvatus- ja perheneuvonnan yhteenveto',
    client: { kind: 'hetu', value: HETU },
    registerKeeper: RK,
    register: 'client',
    serviceProvider: RK,
    serviceUnit: UNIT_LS,
    serviceTask: CHILD_WELFARE,
    socialServices: ['94'],
    case: { id: caseId, name: 'Lastensuojelun asia' },
    processPhase: 'arviointi',
    author: { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' },
    created: '2026-11-10T09:00:00+02:00',
    completed: '2026-11-10T10:00:00+02:00',
    language: 'fi',
    publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
    retentionRule: 'sh-12y',
    citizenVisible: { visible: true },
    format: 'pdf',
    ...overrides,
  };
}

export function clienthoodDocument(
  level: 'social-welfare' | 'service-task' | 'service-unit',
  overrides: Partial<DocumentMetadata> = {},
): DocumentMetadata {
  const { case: _c, processPhase: _p, ...rest } = clientDocument('1.2.3', overrides);
  return {
    ...rest,
    documentType: '1',
    title: 'Asiakkuusasiakirja',
    clienthood: {
      level,
      ...(level !== 'social-welfare' ? { serviceTask: rest.serviceTask } : {}),
      ...(level === 'service-unit' ? { serviceUnit: UNIT_LS } : {}),
      start: '2026-01-01',
    },
    ...overrides,
  };
}

export function caseDocument(caseId: string, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const { processPhase: _p, ...rest } = clientDocument(caseId, overrides);
  return { ...rest, documentType: '2', title: 'Asia-asiakirja', caseRecord: { opened: '2026-02-01' }, ...overrides };
}

export const submission = (metadata: DocumentMetadata, body = pdf()): Submission => ({ metadata, body });

/**
 * Archives what a client document needs first (social-welfare and service-task clienthood, a case)
 * and returns the case id.
 */
export async function prepareClient(
  f: ArchiveFixture,
  options: { hetu?: string; serviceTask?: string; registerKeeper?: string; serviceUnit?: string; system?: Identity } = {},
): Promise<string> {
  const client = { kind: 'hetu' as const, value: options.hetu ?? HETU };
  const over: Partial<DocumentMetadata> = {
    client,
    serviceTask: options.serviceTask ?? CHILD_WELFARE,
    ...(options.registerKeeper ? { registerKeeper: options.registerKeeper, serviceProvider: options.registerKeeper } : {}),
    ...(options.serviceUnit ? { serviceUnit: options.serviceUnit } : {}),
  };
  const caseId = newOid(3);
  const system = options.system ?? f.users['system-vaasa']!;
  const results = await storeDocuments(f.deps, system, [
    submission(clienthoodDocument('social-welfare', over)),
    submission(clienthoodDocument('service-task', over)),
    submission(caseDocument(caseId, over)),
  ]);
  const bad = results.find((r) => r.outcome === 'rejected');
  if (bad && bad.outcome === 'rejected') throw bad.error;
  return caseId;
}
