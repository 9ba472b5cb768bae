import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Identity } from '../../lib/identity/identity.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { ingestCdaDocuments } from '../service/ingest-cda.ts';
import { structureRegistry } from '../service/structured-fields.ts';
import type { SubmissionResult } from '../service/store-documents.ts';
import { importRoles, readRolesFile } from '../service/roles.ts';
import { importOrganisations } from '../store/organisation-store.ts';
import { upsertPerson } from '../store/person-store.ts';
import { seedDemoStories } from './demo-stories.ts';
import { Random } from './random.ts';
import { readDemoSigners, signedDemoDocuments } from './signed-demo.ts';
import { generateClient, type SyntheticRegisterKeeper } from './synthetic.ts';

export const DEMO_DIR = fileURLToPath(new URL('../../../data/demo/', import.meta.url));

/** Which service tasks each demo unit works in (the organisation register does not say). */
export const DEMO_REGISTER_KEEPERS: SyntheticRegisterKeeper[] = [
  {
    oid: '1.2.246.10.9990001.10.1',
    documentOidRoot: '1.2.246.10.9990001.99',
    units: [
      { oid: '1.2.246.10.9990001.10.101', serviceTasks: ['10'] },
      { oid: '1.2.246.10.9990001.10.102', serviceTasks: ['x-lapsiperheet', '10', 'x-perheoikeudelliset'] },
      { oid: '1.2.246.10.9990001.10.103', serviceTasks: ['x-tyoikaiset'] },
      { oid: '1.2.246.10.9990001.10.104', serviceTasks: ['15', 'x-tyoikaiset'] },
      { oid: '1.2.246.10.9990001.10.200', serviceTasks: ['20'] },
      { oid: '1.2.246.10.9990001.10.300', serviceTasks: ['x-iakkaat'] },
    ],
  },
  {
    oid: '1.2.246.10.9990002.10.1',
    documentOidRoot: '1.2.246.10.9990002.99',
    units: [
      { oid: '1.2.246.10.9990002.10.101', serviceTasks: ['10'] },
      { oid: '1.2.246.10.9990002.10.102', serviceTasks: ['x-lapsiperheet', 'x-perheoikeudelliset'] },
      { oid: '1.2.246.10.9990002.10.201', serviceTasks: ['x-tyoikaiset'] },
      { oid: '1.2.246.10.9990002.10.202', serviceTasks: ['15'] },
      { oid: '1.2.246.10.9990002.10.300', serviceTasks: ['20'] },
      { oid: '1.2.246.10.9990002.10.400', serviceTasks: ['x-iakkaat'] },
    ],
  },
];

const DEMO_NOW = new Date('2026-11-01T10:00:00Z');
/** Which demo clients (by index in each register keeper) have turvakielto. */
const DEMO_TURVAKIELTO = [3, 8];

export async function readDemoOrganisations(): Promise<Organisation[]> {
  const data = JSON.parse(await readFile(`${DEMO_DIR}organisations.json`, 'utf8')) as Organisation[] | { organisations: Organisation[] };
  return Array.isArray(data) ? data : data.organisations;
}

/** What a start found of the demo data: none yet, a seeding that a killed start left half-way, or all of it. */
export type DemoSeedState = { kind: 'empty' } | { kind: 'interrupted'; documents: number } | { kind: 'complete'; documents: number };

export interface DemoSeedProgress {
  clients: number;
  totalClients: number;
  documents: number;
}

const documentCount = async (deps: ArchiveDeps) =>
  Number((await deps.db.query<{ n: number }>('SELECT count(*) AS n FROM document')).rows[0]!.n);

/**
 * Where seeding stands (migration 013). Documents without a finished seeding are an interrupted first
 * start (or an archive seeded before the state was kept): seeding again completes it.
 */
export async function demoSeedState(deps: ArchiveDeps): Promise<DemoSeedState> {
  const row = (await deps.db.query<{ finished: boolean }>('SELECT finished_at IS NOT NULL AS finished FROM demo_seed')).rows[0];
  const documents = await documentCount(deps);
  if (row?.finished) return { kind: 'complete', documents };
  return documents > 0 ? { kind: 'interrupted', documents } : { kind: 'empty' };
}

/**
 * Seeds the archive: organisations, clients with population data and ~200 documents archived through the
 * same use cases a client system calls. Does nothing when an earlier seeding finished. Resumable: every
 * step is idempotent (organisations and persons are upserts; a document sent again with the same content
 * is one copy, and the demo documents are the same bytes every time), so after a start killed half-way
 * the next one simply seeds again and marks the seeding finished only at the end. With the demo PKI
 * (`pkiDir`, and deps.signatureTrust trusting it, both required) every document, clienthood and case
 * documents too, goes in as system-signed CDA with real renderings (signed-demo.ts).
 */
export async function seedDemo(
  deps: ArchiveDeps,
  users: Identity[],
  clientsPerRegisterKeeper = 12,
  pkiDir?: string,
  onProgress?: (p: DemoSeedProgress) => void,
): Promise<{ seeded: boolean; documents: number; found: DemoSeedState }> {
  const found = await demoSeedState(deps);
  // Roles are replaced on every demo start (idempotent), so an edited roles.json takes effect.
  await importRoles(deps.db, deps.codeSets, await readRolesFile());
  if (found.kind === 'complete') return { seeded: false, documents: found.documents, found };
  await deps.db.query(
    'INSERT INTO demo_seed (singleton, started_at) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET started_at = EXCLUDED.started_at',
    [deps.now().toISOString()],
  );
  const organisations = await readDemoOrganisations();
  await importOrganisations(deps.db, organisations);
  // Every document is archived system-signed (system-signature-seal.ts): the demo needs its PKI.
  if (!pkiDir || !deps.signatureTrust)
    throw new Error('demo seeding needs the demo PKI (pkiDir) and an archive that trusts it (deps.signatureTrust)');
  const signers = await readDemoSigners(pkiDir);
  const registry = await structureRegistry();
  let documents = 0;
  let clients = 0;
  const totalClients = DEMO_REGISTER_KEEPERS.length * clientsPerRegisterKeeper;
  for (const [k, rk] of DEMO_REGISTER_KEEPERS.entries()) {
    const system = users.find((u) => u.role === 'system' && u.registerKeeperOid === rk.oid)!;
    const authors = users
      .filter((u) => u.role === 'social-worker' && u.registerKeeperOid === rk.oid)
      .map((u) => ({ name: u.name, professionalId: u.professionalId ?? u.userId, role: 'sosiaalityöntekijä' }));
    const rng = new Random(2026 + k);
    for (let i = 0; i < clientsPerRegisterKeeper; i++) {
      const client = generateClient(
        {
          seed: 0,
          registerKeeper: rk,
          codeSets: deps.codeSets,
          documentsPerClient: { min: 2, max: 25 },
          bodyBytes: 0,
          now: DEMO_NOW,
          authors,
        },
        k * 1000 + i,
        rng,
      );
      await deps.db.transaction((tx) =>
        upsertPerson(tx, {
          clientKey: client.hetu,
          idKind: 'hetu',
          familyName: client.familyName,
          givenNames: client.givenNames,
          birthDate: client.birthDate,
          municipalityCode: k === 0 ? '905' : '405',
          turvakielto: DEMO_TURVAKIELTO.includes(i),
          // Invented addresses; turvakielto hides them (and the municipality) from professionals.
          contact: {
            streetAddress: `${k === 0 ? 'Kauppapuistikko' : 'Valtakatu'} ${10 + i} A ${i + 1}`,
            postalCode: k === 0 ? '65100' : '53100',
            postOffice: k === 0 ? 'Vaasa' : 'Lappeenranta',
            phone: `+358 40 000 ${String(1000 + k * 100 + i)}`,
            email: null,
          },
        }),
      );
      const key = signers.get(rk.oid);
      if (!key) throw new Error(`the demo PKI in ${pkiDir} has no system signing certificate of ${rk.oid}`);
      // Clienthood and case documents first: client documents need them (register order).
      const register = client.submissions.filter((s) => s.metadata.clienthood || s.metadata.caseRecord);
      const clientDocs = client.submissions.filter((s) => !s.metadata.clienthood && !s.metadata.caseRecord);
      const results: SubmissionResult[] = [];
      const names = new Map([[client.hetu, { familyName: client.familyName, givenNames: client.givenNames }]]);
      for (const part of [register, clientDocs])
        results.push(
          ...(await ingestCdaDocuments(deps, system, await signedDemoDocuments(deps, registry, organisations, key, part, names))),
        );
      const failed = results.find((r) => r.outcome === 'rejected');
      if (failed && failed.outcome === 'rejected') throw new Error(`demo data was refused: ${failed.error.message}`);
      documents += results.length;
      clients += 1;
      onProgress?.({ clients, totalClients, documents });
    }
  }
  // The worked examples (a client who needs a special reason, a corrected and an invalidated document).
  const rk0 = DEMO_REGISTER_KEEPERS[0]!;
  await seedDemoStories(deps, rk0, users, DEMO_NOW, (part) =>
    signedDemoDocuments(deps, registry, organisations, signers.get(rk0.oid)!, part),
  );
  const total = await documentCount(deps);
  await deps.db.query('UPDATE demo_seed SET finished_at = $1, documents = $2', [deps.now().toISOString(), total]);
  return { seeded: true, documents: total, found };
}
