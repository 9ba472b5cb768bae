import type { CodeSets } from '../src/lib/codes/code-sets.ts';
import type { Identity } from '../src/lib/identity/identity.ts';
import { clientKey } from '../src/lib/identifiers/client-id.ts';
import { Random } from '../src/archive/demo/random.ts';
import { DEMO_REGISTER_KEEPERS } from '../src/archive/demo/seed.ts';
import { generateClient, type SyntheticClient, type SyntheticRegisterKeeper } from '../src/archive/demo/synthetic.ts';
import type { Submission } from '../src/archive/service/store-documents.ts';

// Benchmark data from the demo's synthetic generator: clients with 1–2,000 client documents (heavy-tailed),
// 7 service tasks, 5 process phases, 20 KB incompressible PDF bodies. Most clients are in the first
// demo register keeper (the searches run there: its worst case), a tenth in the second.

export const BODY_BYTES = 20 * 1024;
export const DOCUMENTS_PER_CLIENT = { min: 1, max: 2000 };
export const SYNTHETIC_NOW = new Date('2026-11-01T10:00:00Z');
export const MAIN_RK = DEMO_REGISTER_KEEPERS[0]!;
const OTHER_RK = DEMO_REGISTER_KEEPERS[1]!;
const SHARE_IN_MAIN_RK = 0.9;

/** Client index ranges, so every generated client has its own henkilötunnus and document OIDs. */
export const CLIENT_INDEX = { load: 0, summary: 2_800_000, http: 2_900_000 } as const;

/** What the searches pick their criteria from: clients, cases and codes that really are in the archive. */
export interface Catalogue {
  clients: Array<{ key: string; tasks: string[]; cases: Array<{ id: string; task: string }>; documents: number }>;
  socialServices: Map<string, Set<string>>; // service task → social-service codes used
  documentTypes: Map<string, Set<string>>; // service task → client-document types used
  completed: { min: string; max: string };
}

export function emptyCatalogue(): Catalogue {
  return { clients: [], socialServices: new Map(), documentTypes: new Map(), completed: { min: '9999', max: '0000' } };
}

/** Records what of a client was archived (its first `count` submissions) if it is in the main register keeper. */
export function catalogue(cat: Catalogue, submissions: Submission[]): void {
  const first = submissions[0]?.metadata;
  if (!first || first.registerKeeper !== MAIN_RK.oid) return;
  const tasks = new Set<string>();
  const cases: Array<{ id: string; task: string }> = [];
  let documents = 0;
  for (const { metadata: m } of submissions) {
    if (m.clienthood?.level === 'service-task') tasks.add(m.serviceTask);
    if (m.caseRecord && m.case) cases.push({ id: m.case.id, task: m.serviceTask });
    if (!m.processPhase) continue;
    documents += 1;
    const add = (map: Map<string, Set<string>>, code: string) => map.set(m.serviceTask, (map.get(m.serviceTask) ?? new Set()).add(code));
    for (const s of m.socialServices) add(cat.socialServices, s);
    add(cat.documentTypes, m.documentType);
    if (m.completed < cat.completed.min) cat.completed.min = m.completed;
    if (m.completed > cat.completed.max) cat.completed.max = m.completed;
  }
  cat.clients.push({ key: clientKey(first.client), tasks: [...tasks], cases, documents });
}

/** Social workers of a register keeper as document authors. */
function authorsOf(users: Identity[], rk: SyntheticRegisterKeeper) {
  return users
    .filter((u) => u.role === 'social-worker' && u.registerKeeperOid === rk.oid)
    .map((u) => ({ name: u.name, professionalId: u.professionalId ?? u.userId, role: 'sosiaalityöntekijä' }));
}

export interface ClientSource {
  next(): SyntheticClient;
}

/** An endless, deterministic stream of synthetic clients starting at `firstIndex`. */
export function clientSource(
  codeSets: CodeSets,
  users: Identity[],
  seed: number,
  firstIndex: number,
  options: { registerKeeper?: SyntheticRegisterKeeper; documentsPerClient?: { min: number; max: number } } = {},
): ClientSource {
  const rng = new Random(seed);
  const authors = new Map([MAIN_RK, OTHER_RK].map((rk) => [rk.oid, authorsOf(users, rk)]));
  let index = firstIndex;
  return {
    next() {
      const rk = options.registerKeeper ?? (rng.next() < SHARE_IN_MAIN_RK ? MAIN_RK : OTHER_RK);
      return generateClient(
        {
          seed,
          registerKeeper: rk,
          codeSets,
          documentsPerClient: options.documentsPerClient ?? DOCUMENTS_PER_CLIENT,
          bodyBytes: BODY_BYTES,
          now: SYNTHETIC_NOW,
          authors: authors.get(rk.oid) ?? authors.get(MAIN_RK.oid)!,
          distinctClients: true,
          incompressibleBodies: true,
        },
        index++,
        rng,
      );
    },
  };
}

/** The first demo register keeper narrowed to one unit, so a client lands in the service tasks a given social worker has. */
export function registerKeeperWithUnit(unitOid: string): SyntheticRegisterKeeper {
  const unit = MAIN_RK.units.find((u) => u.oid === unitOid);
  if (!unit) throw new Error(`unit ${unitOid} is not in the first demo register keeper`);
  return { ...MAIN_RK, units: [unit] };
}
