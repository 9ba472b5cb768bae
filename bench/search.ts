import type { Queryable } from '../src/lib/db/db.ts';
import type { Identity } from '../src/lib/identity/identity.ts';
import { Random } from '../src/archive/demo/random.ts';
import type { DocumentStatus } from '../src/lib/metadata/metadata.ts';
import type { SearchCriteria } from '../src/archive/domain/search.ts';
import { searchArchive } from '../src/archive/service/search-documents.ts';
import { searchDocuments, type SearchScope } from '../src/archive/store/search-store.ts';
import type { BenchArchive } from './archive.ts';
import type { Catalogue } from './dataset.ts';
import { progress } from './progress.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// Search latency over a query mix, as an archivist and as a social worker, one query at a time:
// searchArchive (access decision + usage-log rows in one transaction) and the bare store query
// searchDocuments (no transaction, no log), so the cost of access checking and logging shows.

export const QUERY_KINDS = ['client', 'task-date', 'social-service', 'case', 'type-status', 'page-2'] as const;
/** Measured beside the target's mix, not in it: searches with no column to lead with. */
export const EXTRA_KINDS = ['date-range', 'newest'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number] | (typeof EXTRA_KINDS)[number];
const ALL_KINDS = [...QUERY_KINDS, ...EXTRA_KINDS];
const inMix = (k: QueryKind) => (QUERY_KINDS as readonly string[]).includes(k);
export const SEARCH_ROLES = { archivist: 'archivist-vaasa', 'social-worker': 'sw-vaasa-ls' } as const;
type Role = keyof typeof SEARCH_ROLES;

interface Query {
  role: Role;
  kind: QueryKind;
  criteria: SearchCriteria;
}

export interface SearchResult {
  perKind: number;
  pageSize: number;
  /** `all` and `byRole` are over the target's mix (QUERY_KINDS); `byKind` covers the extra kinds too. */
  service: { all: LatencyStats; byRole: Record<Role, LatencyStats>; byKind: Record<string, LatencyStats> };
  store: { all: LatencyStats; byKind: Record<string, LatencyStats> };
  /** Access checking + logging over the bare store query, over the mix: (service - store) / store, in %. */
  overhead: { p50Percent: number; p95Percent: number };
  /** Mean rows returned per kind, to show the queries find something. */
  meanRows: Record<string, number>;
  plans?: Record<string, string>;
}

const PAGE = 50;
const DAY = 86_400_000;

function scopeOf(identity: Identity): SearchScope {
  return { registerKeeperOid: identity.registerKeeperOid, serviceTasks: identity.role === 'archivist' ? ['*'] : identity.serviceTasks };
}

/** Criteria drawn from what is really archived, limited to what the role may see. */
async function buildQueries(archive: BenchArchive, cat: Catalogue, perKind: number, seed: number): Promise<Query[]> {
  const rng = new Random(seed);
  const queries: Query[] = [];
  const from = Date.parse(cat.completed.min);
  const to = Date.parse(cat.completed.max);
  for (const role of Object.keys(SEARCH_ROLES) as Role[]) {
    const identity = archive.user(SEARCH_ROLES[role]);
    const allowed = (t: string) => identity.serviceTasks.includes('*') || identity.serviceTasks.includes(t);
    const clients = cat.clients.filter((c) => c.tasks.some(allowed));
    const tasks = [...cat.documentTypes.keys()].filter(allowed);
    if (clients.length === 0 || tasks.length === 0) throw new Error(`no archived data the ${role} may search: load more documents`);
    const status = (): DocumentStatus[] => (rng.next() < 0.5 ? ['current'] : ['current', 'superseded']);
    const make: Record<Exclude<QueryKind, 'page-2'>, () => SearchCriteria> = {
      'date-range': () => {
        const start = from + rng.next() * Math.max(to - from - 7 * DAY, 0);
        return {
          completedFrom: new Date(start).toISOString(),
          completedBefore: new Date(start + 7 * DAY).toISOString(),
          status: ['current'],
          count: PAGE,
        };
      },
      newest: () => ({ status: ['current'], count: PAGE }),
      client: () => ({ client: rng.pick(clients).key, status: ['current'], count: PAGE }),
      'task-date': () => {
        const start = from + rng.next() * Math.max(to - from - 30 * DAY, 0);
        return {
          serviceTask: rng.pick(tasks),
          completedFrom: new Date(start).toISOString(),
          completedBefore: new Date(start + 30 * DAY).toISOString(),
          status: ['current'],
          count: PAGE,
        };
      },
      'social-service': () => ({
        socialService: rng.pick([...cat.socialServices.get(rng.pick(tasks))!]),
        status: ['current'],
        count: PAGE,
      }),
      case: () => {
        const client = rng.pick(clients.filter((c) => c.cases.some((k) => allowed(k.task))));
        return { caseId: rng.pick(client.cases.filter((k) => allowed(k.task))).id, status: ['current'], count: PAGE };
      },
      'type-status': () => ({ documentType: rng.pick([...cat.documentTypes.get(rng.pick(tasks))!]), status: status(), count: PAGE }),
    };
    for (let i = 0; i < perKind; i++) {
      for (const kind of ALL_KINDS) {
        if (kind !== 'page-2') {
          queries.push({ role, kind, criteria: make[kind]() });
          continue;
        }
        // Page 2 of a broad search: the cursor is the last hit of page 1, as the FHIR _page_token carries it.
        for (let attempt = 0; ; attempt++) {
          const first = make[rng.pick(['task-date', 'social-service', 'type-status'] as const)]();
          const page1 = await searchDocuments(archive.deps.db, scopeOf(identity), first);
          const last = page1.docs[page1.docs.length - 1];
          if ((page1.more && last) || attempt > 50) {
            queries.push({
              role,
              kind,
              criteria: last ? { ...first, after: { completed: last.completed, documentId: last.documentId } } : first,
            });
            break;
          }
        }
      }
    }
  }
  // Interleave roles and kinds so neither gets a warmer cache.
  return queries
    .map((q) => ({ q, k: rng.next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.q);
}

export async function searchBenchmark(
  archive: BenchArchive,
  cat: Catalogue,
  options: { perKind: number; seed: number; explain: boolean },
): Promise<SearchResult> {
  const queries = await buildQueries(archive, cat, options.perKind, options.seed);
  const { deps } = archive;
  const identities = { archivist: archive.user(SEARCH_ROLES.archivist), 'social-worker': archive.user(SEARCH_ROLES['social-worker']) };
  const warmup = queries.slice(0, Math.max(10, Math.floor(queries.length / 10)));
  for (const q of warmup) {
    await searchDocuments(deps.db, scopeOf(identities[q.role]), q.criteria);
    await searchArchive(deps, identities[q.role], q.criteria);
  }

  const bar = progress('search', queries.length * 2);
  const serviceMs: number[] = [];
  const storeMs: number[] = [];
  const rows: number[] = [];
  // Each query runs through the service and on the bare store back to back, in alternating order, so a busy
  // machine slows both sides alike and the difference is the cost of access checking and logging.
  const timed = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    const r = await fn();
    return { ms: performance.now() - start, r };
  };
  for (const [i, q] of queries.entries()) {
    const service = () => searchArchive(deps, identities[q.role], q.criteria);
    const bare = () => searchDocuments(deps.db, scopeOf(identities[q.role]), q.criteria);
    if (i % 2 === 0) {
      const a = await timed(service);
      const b = await timed(bare);
      serviceMs.push(a.ms);
      storeMs.push(b.ms);
      rows.push((a.r as { docs: unknown[] }).docs.length);
    } else {
      const b = await timed(bare);
      const a = await timed(service);
      serviceMs.push(a.ms);
      storeMs.push(b.ms);
      rows.push((a.r as { docs: unknown[] }).docs.length);
    }
    bar.update(2 * (i + 1));
  }
  const pick = (samples: number[], f: (q: Query) => boolean) => latencyStats(samples.filter((_, i) => f(queries[i]!)));
  const byKind = (samples: number[]) => Object.fromEntries(ALL_KINDS.map((k) => [k, pick(samples, (q) => q.kind === k)]));
  const mix = (samples: number[]) => pick(samples, (q) => inMix(q.kind));
  const result: SearchResult = {
    perKind: options.perKind,
    pageSize: PAGE,
    service: {
      all: mix(serviceMs),
      byRole: {
        archivist: pick(serviceMs, (q) => inMix(q.kind) && q.role === 'archivist'),
        'social-worker': pick(serviceMs, (q) => inMix(q.kind) && q.role === 'social-worker'),
      },
      byKind: byKind(serviceMs),
    },
    store: { all: mix(storeMs), byKind: byKind(storeMs) },
    overhead: { p50Percent: 0, p95Percent: 0 },
    meanRows: Object.fromEntries(
      ALL_KINDS.map((k) => {
        const n = rows.filter((_, i) => queries[i]!.kind === k);
        return [k, Math.round((n.reduce((s, x) => s + x, 0) / Math.max(n.length, 1)) * 10) / 10];
      }),
    ),
  };
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  result.overhead = {
    p50Percent: pct(result.service.all.p50, result.store.all.p50),
    p95Percent: pct(result.service.all.p95, result.store.all.p95),
  };
  const extra = EXTRA_KINDS.map((k) => `${k} p95 ${result.service.byKind[k]!.p95} ms`).join(', ');
  bar.done(
    `mix of ${result.service.all.n}: p50 ${result.service.all.p50} ms, p95 ${result.service.all.p95} ms, p99 ${result.service.all.p99} ms (store only: p50 ${result.store.all.p50} ms, p95 ${result.store.all.p95} ms; access + logging +${result.overhead.p50Percent} % at p50, +${result.overhead.p95Percent} % at p95); beside the mix: ${extra}`,
  );
  if (options.explain) result.plans = await explainSlowest(archive, queries, storeMs, identities);
  return result;
}

/** EXPLAIN ANALYZE of each kind's slowest store query: the plan is what to look at when a target is missed. */
async function explainSlowest(
  archive: BenchArchive,
  queries: Query[],
  storeMs: number[],
  identities: Record<Role, Identity>,
): Promise<Record<string, string>> {
  const plans: Record<string, string> = {};
  for (const kind of ALL_KINDS) {
    let worst = -1;
    queries.forEach((q, i) => {
      if (q.kind === kind && (worst < 0 || storeMs[i]! > storeMs[worst]!)) worst = i;
    });
    if (worst < 0) continue;
    const q = queries[worst]!;
    let plan = '';
    const explaining: Queryable = {
      async query<T>(sql: string, params?: unknown[]) {
        const r = await archive.deps.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
        return { rows: [] as T[], rowCount: 0 };
      },
      exec: (sql) => archive.deps.db.exec(sql),
    };
    await searchDocuments(explaining, scopeOf(identities[q.role]), q.criteria);
    plans[`${kind} (${q.role}, ${JSON.stringify({ ...q.criteria, after: q.criteria.after ? '…' : undefined })})`] = plan;
  }
  return plans;
}
