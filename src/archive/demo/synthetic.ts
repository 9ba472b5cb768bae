import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { makeHetu } from '../../lib/identifiers/hetu.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { Submission } from '../service/store-documents.ts';
import { simplePdf, type PdfFiller } from '../../lib/render/placeholder-pdf.ts';
import { Random } from './random.ts';

// Synthetic clients and documents with realistic shapes, for the demo data and the benchmarks:
// each client gets a social-welfare clienthood, 1–2 service-task clienthoods, cases, then documents
// spread over the process phases. Only test henkilötunnus numbers (900–999) are generated.

export interface SyntheticUnit {
  oid: string;
  serviceTasks: string[];
}
export interface SyntheticRegisterKeeper {
  oid: string;
  units: SyntheticUnit[];
  documentOidRoot: string;
}

export interface SyntheticOptions {
  seed: number;
  registerKeeper: SyntheticRegisterKeeper;
  codeSets: CodeSets;
  /** Client documents per client: heavy-tailed between min and max. */
  documentsPerClient: { min: number; max: number };
  bodyBytes: number;
  /** Fixed "now" so the data does not depend on the clock. */
  now: Date;
  authors: Array<{ name: string; professionalId: string; role: string }>;
  /**
   * Benchmarks: derive the henkilötunnus from the client index so no two clients share one (random birth
   * dates collide by the thousand at 100,000 clients). Off for the demo, whose data stays as it was.
   */
  distinctClients?: boolean;
  /** Benchmarks: pad bodies with incompressible text, as real (already compressed) PDFs are. */
  incompressibleBodies?: boolean;
}

export interface SyntheticClient {
  hetu: string;
  familyName: string;
  givenNames: string;
  birthDate: string;
  submissions: Submission[];
}

const FAMILY = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Saarinen',
  'Björklund',
  'Lindqvist',
  'Söderberg',
];
const GIVEN = ['Aino', 'Eino', 'Helmi', 'Väinö', 'Sofia', 'Onni', 'Ella', 'Leo', 'Iida', 'Elias', 'Linnea', 'Oskar', 'Saga', 'Emil'];

const FIRST_BIRTH_DAY = Date.UTC(1935, 0, 1);
const BIRTH_DAYS = 31_000; // 1935-01-01 … 2019-11: coprime with the stride below
const BIRTH_DAY_STRIDE = 7_919;

/** Birth date and individual number (900–999, test numbers) unique for client indexes below 3.1 million. */
function distinctHetuParts(clientIndex: number): { birthDate: string; individual: number } {
  const day = (Math.floor(clientIndex / 100) * BIRTH_DAY_STRIDE) % BIRTH_DAYS;
  return { birthDate: new Date(FIRST_BIRTH_DAY + day * 86_400_000).toISOString().slice(0, 10), individual: 900 + (clientIndex % 100) };
}

/** Random base64 text; bodies take slices of it at random offsets, so the filler costs no per-byte work. */
let fillerPool: string | undefined;
function incompressibleFiller(rng: Random): PdfFiller {
  if (!fillerPool) {
    const pool = new Random(0x5eed);
    const bytes = Buffer.alloc(192 * 1024);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE(Math.floor(pool.next() * 0x1_0000_0000), i);
    fillerPool = bytes.toString('base64');
  }
  const poolText = fillerPool;
  return (length) => {
    let out = '';
    while (out.length < length) {
      const take = Math.min(length - out.length, poolText.length / 2);
      const at = rng.int(0, poolText.length - take);
      out += poolText.slice(at, at + take);
    }
    return out;
  };
}

/** Client-document types that suit a service task, by the national structures' service-task groups. */
function documentTypesFor(codes: CodeSets, serviceTask: string): string[] {
  const entries = codes.get('document-types')?.entries ?? [];
  const groupWords: Record<string, string[]> = {
    '10': ['Lastensuojelun'],
    '20': ['Vammaispalvelujen'],
    'x-iakkaat': ['Iäkkäiden'],
    // Social assistance and social credit belong to työikäisten palvelut since the 2026-12 code sets.
    'x-tyoikaiset': ['Työikäisten', 'Kuntouttavan', 'toimeentulotuen', 'luototuksen'],
    'x-lapsiperheet': ['Lapsiperheiden', 'Perhetyön', 'Kasvatus-'],
    '15': ['Päihde-'],
    'x-perheoikeudelliset': ['Adoptioneuvonnan', 'elatusavun', 'tapaamisoikeuden', 'Tapaamisten valvonnan', 'Vanhemmuuden'],
  };
  const words = groupWords[serviceTask] ?? [];
  const own = entries.filter(
    (e) => e.codeSystem !== '1.2.246.537.6.1505' && words.some((w) => String(e.properties.group ?? '').includes(w)),
  );
  const common = entries.filter((e) => String(e.properties.group ?? '').startsWith('Sosiaalihuollon palvelutehtäville yhteiset'));
  return [...own, ...common].map((e) => e.code);
}

export function generateClient(opts: SyntheticOptions, clientIndex: number, rng: Random): SyntheticClient {
  const rk = opts.registerKeeper;
  const year = rng.int(1935, 2020);
  const randomBirthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const distinct = opts.distinctClients ? distinctHetuParts(clientIndex) : undefined;
  const birthDate = distinct?.birthDate ?? randomBirthDate;
  const hetu = makeHetu(birthDate, distinct?.individual ?? 900 + (clientIndex % 100));
  const client = { kind: 'hetu' as const, value: hetu };
  const oid = (kind: number) => `${rk.documentOidRoot}.${kind}.${clientIndex + 1}${String(seq++).padStart(5, '0')}`;
  let seq = 1;
  const phases = opts.codeSets.get('process-phases')!.entries.map((e) => e.code);
  const socialServices = opts.codeSets.get('social-services')!.entries;
  const start = new Date(opts.now.getTime() - rng.int(60, 1000) * 86_400_000);
  let clock = start.getTime();
  const tick = () => {
    clock += rng.int(1, 20) * 3_600_000 + rng.int(0, 3_599_999);
    return new Date(Math.min(clock, opts.now.getTime() - 60_000)).toISOString();
  };
  const author = () => rng.pick(opts.authors);
  const unit = rng.pick(rk.units);
  const tasks = [...new Set([rng.pick(unit.serviceTasks), rng.pick(unit.serviceTasks)])].slice(0, rng.int(1, 2));
  const base = (title: string, documentType: string, serviceTask: string): DocumentMetadata => {
    const created = tick();
    const id = oid(1);
    return {
      documentId: id,
      setId: id.replace(`${rk.documentOidRoot}.1.`, `${rk.documentOidRoot}.2.`),
      version: 1,
      documentType,
      title,
      client,
      registerKeeper: rk.oid,
      register: 'client',
      serviceProvider: rk.oid,
      serviceUnit: unit.oid,
      serviceTask,
      socialServices: [],
      author: author(),
      created,
      completed: created,
      language: 'fi',
      publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
      retentionRule: serviceTask === '10' ? 'lastensuojelu-pitka' : 'sh-12y',
      citizenVisible: { visible: true },
      format: 'pdf',
    };
  };
  const filler = opts.incompressibleBodies ? incompressibleFiller(rng) : undefined;
  const body = (m: DocumentMetadata) => ({
    contentType: 'application/pdf',
    data: simplePdf([m.title, `Asiakas ${hetu}`, `Laadittu ${m.created}`, `Laatija ${m.author.name}`], opts.bodyBytes, filler),
  });
  const submissions: Submission[] = [];
  const push = (m: DocumentMetadata) => submissions.push({ metadata: m, body: body(m) });

  const day = start.toISOString().slice(0, 10);
  push({ ...base('Sosiaalihuollon asiakkuus', '1', tasks[0]!), clienthood: { level: 'social-welfare', start: day } });
  const cases: Array<{ id: string; name: string; task: string }> = [];
  for (const task of tasks) {
    push({ ...base('Palvelutehtäväasiakkuus', '1', task), clienthood: { level: 'service-task', serviceTask: task, start: day } });
    const caseCount = rng.int(1, 3);
    for (let c = 0; c < caseCount; c++) {
      const name = `${opts.codeSets.display('service-tasks', task, 'fi')} – asia ${c + 1}`;
      const m = base(`Asia avattu: ${name}`, '2', task);
      const id = oid(3);
      m.case = { id, name };
      m.caseRecord = { opened: m.created.slice(0, 10) };
      push(m);
      cases.push({ id, name, task });
    }
  }
  const docs = rng.pareto(opts.documentsPerClient.min, opts.documentsPerClient.max);
  const typesByTask = new Map(tasks.map((t) => [t, documentTypesFor(opts.codeSets, t)]));
  for (let d = 0; d < docs; d++) {
    const kase = rng.pick(cases);
    const type = rng.pick(typesByTask.get(kase.task)!);
    const m = base(opts.codeSets.display('document-types', type, 'fi') ?? 'Asiakirja', type, kase.task);
    m.case = { id: kase.id, name: kase.name };
    m.processPhase = phases[Math.min(phases.length - 1, Math.floor((d / Math.max(docs, 1)) * phases.length + rng.next()))];
    const fitting = socialServices.filter((s) => {
      const tasksOf = (s.properties.serviceTasks as string[] | undefined) ?? [];
      return tasksOf.length === 0 || tasksOf.includes(kase.task);
    });
    m.socialServices = [...new Set([rng.pick(fitting).code, ...(rng.next() < 0.3 ? [rng.pick(fitting).code] : [])])];
    push(m);
  }
  return { hetu, familyName: rng.pick(FAMILY), givenNames: rng.pick(GIVEN), birthDate, submissions };
}
