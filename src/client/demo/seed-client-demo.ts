// The client system's demo data: the archive's demo client (Veeti Rantanen, 191013A950A, as in the
// archive's demo stories) and three more clients of the same register keeper (Vaasa), each with a story a
// social worker can follow — clienthoods, a named case, documents in the process phases — in the states a
// new user should see: archived, waiting for the nightly batch, an unfinished draft, and one document the
// archive refuses (an unknown social-service code) that lands on the error work list to fix.
//
// Seeded on the first start in demo mode, in the background (the caller does not wait before listening),
// one client at a time in one transaction each: a start killed half-way leaves whole clients only, and the
// next start seeds the ones still missing. The load queue sends what is locked as soon as the worker runs.
import type { Db, Queryable } from '../../lib/db/db.ts';
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import type { ArchivingChoices } from '../domain/client-document.ts';
import type { ClientSystemDeps } from '../service/deps.ts';
import { clientSystemService } from '../service/client-system.ts';
import { oidMinter } from '../service/oid-minter.ts';
import { clientRecord } from '../domain/client.ts';
import { getClient } from '../store/record-store.ts';
import { DEFAULT_RECORD_DEFAULTS, type ClientSystem } from '../start.ts';

const SANNA = { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' };
const PEKKA = { name: 'Pekka Palveluohjaaja', professionalId: 'DEMO-1002', role: 'sosiaaliohjaaja' };

const UNIT_CHILD_WELFARE = '1.2.246.10.9990001.10.101';
const UNIT_WORKING_AGE = '1.2.246.10.9990001.10.103';
const UNIT_DISABILITY = '1.2.246.10.9990001.10.200';

const secret = { class: 'secret' as const, basis: 'JulkL 24 § 1 mom 25 k' };
const choices = (socialServices: string[]): ArchivingChoices => ({
  socialServices,
  publicity: secret,
  retentionRule: 'sh-12y',
  citizenVisible: { visible: true },
});

type Doc = { phase: string; title: string; text: string; author: typeof SANNA; then: 'lock' | 'finish' | 'draft'; services?: string[] };

interface Story {
  clientId: ClientId;
  familyName: string;
  givenNames: string;
  turvakielto: boolean;
  address?: string;
  municipality?: string;
  serviceTask: string;
  unit: string;
  start: string;
  caseName: string;
  opened: string;
  /** The case and the clienthoods ended on this day (Veeti's, as in the archive's demo story). */
  ended?: string;
  documents: Doc[];
}

/** The stories, in seeding order; the henkilötunnus are invented test numbers (individual number 900–999). */
export const CLIENT_DEMO_STORIES: readonly Story[] = [
  {
    clientId: { kind: 'hetu', value: '191013A950A' },
    familyName: 'Rantanen',
    givenNames: 'Veeti',
    turvakielto: false,
    address: 'Hovioikeudenpuistikko 5 B 12, 65100 Vaasa',
    municipality: '905',
    serviceTask: '10',
    unit: UNIT_CHILD_WELFARE,
    start: '2025-01-13',
    caseName: 'Koulunkäynnin tuki',
    opened: '2025-01-13',
    ended: '2026-09-30',
    documents: [
      {
        phase: 'vireilletulo',
        title: 'Lastensuojeluilmoitus koululta',
        text: 'Koulu ilmoitti poissaoloista.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      {
        phase: 'arviointi',
        title: 'Palvelutarpeen arviointi',
        text: 'Arvioitu yhdessä perheen kanssa.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      { phase: 'toteutus', title: 'Loppuarvio', text: 'Tuki päättyi, koulunkäynti sujuu.', author: SANNA, then: 'lock', services: ['94'] },
    ],
  },
  {
    clientId: { kind: 'hetu', value: '120315A951P' },
    familyName: 'Virtanen',
    givenNames: 'Aino',
    turvakielto: false,
    address: 'Kauppapuistikko 20 A 3, 65100 Vaasa',
    municipality: '905',
    serviceTask: '10',
    unit: UNIT_CHILD_WELFARE,
    start: '2026-11-02',
    caseName: 'Huoli koulunkäynnistä',
    opened: '2026-11-02',
    documents: [
      {
        phase: 'vireilletulo',
        title: 'Yhteydenotto huoltajalta',
        text: 'Äiti otti yhteyttä koulun kuraattorin neuvosta.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      {
        phase: 'arviointi',
        title: 'Palvelutarpeen arviointi',
        text: 'Tapaaminen kotona ja koululla.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      // Finished today: the nightly batch (yöajo) locks and sends it.
      {
        phase: 'suunnittelu',
        title: 'Asiakassuunnitelma',
        text: 'Tavoitteet: säännöllinen koulunkäynti.',
        author: SANNA,
        then: 'finish',
        services: ['94'],
      },
    ],
  },
  {
    clientId: { kind: 'hetu', value: '040588-9521' },
    familyName: 'Korhonen',
    givenNames: 'Mikael',
    turvakielto: false,
    address: 'Rauhankatu 7 C 21, 65100 Vaasa',
    municipality: '905',
    serviceTask: 'x-tyoikaiset',
    unit: UNIT_WORKING_AGE,
    start: '2026-10-12',
    caseName: 'Toimeentulo ja asuminen',
    opened: '2026-10-12',
    documents: [
      { phase: 'vireilletulo', title: 'Hakemus', text: 'Asiakas hakee tukea asumiseen.', author: PEKKA, then: 'lock', services: ['94'] },
      // The archive refuses this one: 99999 is no social service. The error work list says so and where.
      {
        phase: 'arviointi',
        title: 'Palvelutarpeen arviointi',
        text: 'Asumisen tuen tarve arvioitu.',
        author: PEKKA,
        then: 'lock',
        services: ['99999'],
      },
      {
        phase: 'suunnittelu',
        title: 'Asiakassuunnitelma (luonnos)',
        text: 'Kesken: tavoitteet sovitaan seuraavassa tapaamisessa.',
        author: PEKKA,
        then: 'draft',
      },
    ],
  },
  {
    clientId: { kind: 'hetu', value: '250972-953P' },
    familyName: 'Nieminen',
    givenNames: 'Emma',
    // Turvakielto: the address is never shown nor exported.
    turvakielto: true,
    address: 'Salainen osoite 1, 65100 Vaasa',
    municipality: '905',
    serviceTask: '20',
    unit: UNIT_DISABILITY,
    start: '2026-09-01',
    caseName: 'Henkilökohtainen apu',
    opened: '2026-09-01',
    documents: [
      {
        phase: 'vireilletulo',
        title: 'Hakemus henkilökohtaisesta avusta',
        text: 'Hakemus saapui sähköisesti.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      {
        phase: 'arviointi',
        title: 'Palvelutarpeen arviointi',
        text: 'Avun tarve 40 tuntia kuukaudessa.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      {
        phase: 'jarjestaminen',
        title: 'Päätös henkilökohtaisesta avusta',
        text: 'Myönnetty 40 h/kk.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
      {
        phase: 'toteutus',
        title: 'Seurantakäynti',
        text: 'Avustaja aloittanut, järjestely toimii.',
        author: SANNA,
        then: 'lock',
        services: ['94'],
      },
    ],
  },
];

/** A Db whose transactions are the one transaction `tx`: a client's story commits whole or not at all. */
function inTransaction(db: Db, tx: Queryable): Db {
  return { kind: db.kind, query: (s, p) => tx.query(s, p), exec: (s) => tx.exec(s), transaction: (fn) => fn(tx), close: async () => {} };
}

async function seedStory(deps: ClientSystemDeps, s: Story): Promise<number> {
  const service = clientSystemService(deps);
  const ref = await service.recordClient(s.clientId, {
    familyName: s.familyName,
    givenNames: s.givenNames,
    turvakielto: s.turvakielto,
    ...(s.address ? { address: s.address } : {}),
    ...(s.municipality ? { municipality: s.municipality } : {}),
  });
  const open = { serviceTask: s.serviceTask, serviceUnit: s.unit, start: s.start };
  const sw = await service.openClienthood(ref, { level: 'social-welfare', ...open });
  const task = await service.openClienthood(ref, { level: 'service-task', ...open });
  const kase = await service.openCase(ref, { name: s.caseName, serviceTask: s.serviceTask, serviceUnit: s.unit, opened: s.opened });
  let documents = 0;
  for (const d of s.documents) {
    const draft = await service.saveDraft(ref, {
      caseId: kase.caseId,
      processPhase: d.phase,
      documentType: '1001',
      title: d.title,
      content: { teksti: d.text },
      language: 'fi',
      author: d.author,
    });
    documents += 1;
    if (d.then === 'draft') continue;
    await service.finish(ref, draft.documentId, choices(d.services ?? ['94']));
    if (d.then === 'lock') await service.lock(ref, draft.documentId);
  }
  if (s.ended) {
    await service.closeCase(ref, kase.caseId, s.ended);
    await service.closeClienthood(ref, task.clienthoodId, s.ended);
    void sw;
  }
  return documents;
}

export interface ClientDemoSeedResult {
  clients: number;
  /** Clients found from an earlier start (seeded before, or by a start that was killed half-way). */
  found: number;
  documents: number;
}

/**
 * Seeds the client system's demo stories that are not there yet; `log` gets a progress line per client.
 * Call it without awaiting before the server listens (the workbench's start wiring does).
 */
export async function seedClientDemo(system: ClientSystem, log: (line: string) => void = console.log): Promise<ClientDemoSeedResult> {
  const { config, db } = system;
  const organisation = { registerKeeperOid: config.registerKeeperOid, serviceProviderOid: config.serviceProviderOid };
  const newOid = oidMinter(config.oidRoot);
  const result: ClientDemoSeedResult = { clients: 0, found: 0, documents: 0 };
  for (const [i, s] of CLIENT_DEMO_STORIES.entries()) {
    const key = clientRecord(organisation.registerKeeperOid, s.clientId, {
      familyName: s.familyName,
      givenNames: s.givenNames,
      turvakielto: s.turvakielto,
    });
    if (await getClient(db, { registerKeeperOid: key.registerKeeperOid, clientKey: key.clientKey })) {
      result.found += 1;
      continue;
    }
    result.documents += await db.transaction((tx) =>
      seedStory({ db: inTransaction(db, tx), organisation, defaults: DEFAULT_RECORD_DEFAULTS, now: () => new Date(), newOid }, s),
    );
    result.clients += 1;
    log(`client system demo data: ${i + 1}/${CLIENT_DEMO_STORIES.length} clients (${s.givenNames} ${s.familyName})`);
  }
  log(
    result.clients === 0
      ? `client system demo data: ${result.found} clients (seeded on an earlier start)`
      : `client system demo data: ${result.clients} clients and ${result.documents} documents recorded${result.found ? `, ${result.found} found from an earlier start` : ''}; the load queue sends them`,
  );
  return result;
}
