import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/lib/db/db.ts';
import { ArkkiError } from '../../src/lib/errors.ts';
import type { Identity } from '../../src/lib/identity/identity.ts';
import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../../src/archive/domain/archived-document.ts';
import { recordDisclosureRule } from '../../src/archive/service/consents.ts';
import { readDocument } from '../../src/archive/service/read-documents.ts';
import { searchArchive } from '../../src/archive/service/search-documents.ts';
import { stateSpecialReason } from '../../src/archive/service/special-reason.ts';
import { storeDocuments } from '../../src/archive/service/store-documents.ts';
import { getPerson, upsertPerson } from '../../src/archive/store/person-store.ts';
import {
  archiveFixture,
  caseDocument,
  clientDocument,
  clienthoodDocument,
  newOid,
  NOW,
  RK,
  RK_OTHER,
  submission,
  type ArchiveFixture,
} from '../support/archive-fixtures.ts';
import { accepted, freshHetu } from '../support/archive-rows.ts';
import { testDatabases } from '../support/databases.ts';

// The access matrix of issue 5 ("done when"): every combination of caller (role, register keeper, system
// profile, citizen), service task, client relation, special reason, turvakielto and consent/denial, for a
// read, a search and a write, through the real services on a real database. The expected outcome of each
// attempt comes from RULES below — the access rules of docs/access-control.md restated as a table, not
// from the policy module — and every attempt must leave exactly one usage-log row carrying the deciding rule.

const CHILD_WELFARE = '10';
const DISABILITY = '20';
const TASKS = [CHILD_WELFARE, DISABILITY] as const;
type Task = (typeof TASKS)[number];
const UNIT: Record<Task, string> = { [CHILD_WELFARE]: '1.2.246.10.9990001.10.101', [DISABILITY]: '1.2.246.10.9990001.10.200' };
const YESTERDAY = new Date(NOW.getTime() - 86_400_000);

type Relation = 'clienthood' | 'case' | 'none';
type SpecialReason = 'none' | 'valid' | 'expired';
type Disclosure = 'none' | 'consent' | 'denial' | 'consent+denial';

interface Client {
  hetu: string;
  relation: Relation;
  specialReason: SpecialReason;
  turvakielto: boolean;
  disclosure: Disclosure;
  docs: ArchivedDocument[];
  caseIds: Record<Task, string>;
  grants: Record<string, string>;
}

/** A caller as the rules see it. */
interface Caller {
  name: string;
  identity: (c: Client) => Identity;
  kind: 'social-worker' | 'archivist' | 'system' | 'citizen';
  ownRegister: boolean;
  roleTasks: string[];
  profile?: 'connected' | 'viewing' | 'storing';
  ownClient?: boolean;
}

interface Expected {
  allow: boolean;
  rule: string;
}

// ---------------------------------------------------------------------------------------------------------
// The rules, as a table read top to bottom: the first row whose condition holds decides.
// `t` is the service task of the document, `c` the client, `who` the caller.
type Cond = (who: Caller, c: Client, t: Task) => boolean;
const covers = (who: Caller, t: Task) => who.roleTasks.includes('*') || who.roleTasks.includes(t);
const related = (c: Client) => c.relation !== 'none';
const denied = (c: Client, t: Task) => (c.disclosure === 'denial' || c.disclosure === 'consent+denial') && t === CHILD_WELFARE; // denials name child welfare
const consented = (c: Client) => c.disclosure === 'consent' || c.disclosure === 'consent+denial'; // consents name every service task

const READ_RULES: Array<[string, Cond, Expected]> = [
  ['citizen, someone else’s data', (w) => w.kind === 'citizen' && !w.ownClient, { allow: false, rule: 'citizen-other-data' }],
  ['citizen, own data', (w) => w.kind === 'citizen', { allow: true, rule: 'citizen-own-data' }],
  // another register keeper: only reading, only on a consent, never against a denial
  ['other register keeper’s archivist', (w) => !w.ownRegister && w.kind === 'archivist', { allow: false, rule: 'other-register-keeper' }],
  [
    'other register keeper, role lacks the service task',
    (w, _c, t) => !w.ownRegister && w.kind === 'social-worker' && !covers(w, t),
    { allow: false, rule: 'service-task-not-in-role' },
  ],
  [
    'other register keeper, client denied disclosure',
    (w, c, t) => !w.ownRegister && denied(c, t),
    { allow: false, rule: 'disclosure-denied' },
  ],
  ['other register keeper, client consented', (w, c) => !w.ownRegister && consented(c), { allow: true, rule: 'disclosure-consent' }],
  ['other register keeper, no basis', (w) => !w.ownRegister, { allow: false, rule: 'other-register-keeper' }],
  // own register keeper
  ['archivist', (w) => w.kind === 'archivist', { allow: true, rule: 'archivist-own-register' }],
  ['storing system', (w) => w.kind === 'system' && w.profile === 'storing', { allow: false, rule: 'system-profile-storing' }],
  ['client system (connected / viewing)', (w) => w.kind === 'system', { allow: true, rule: 'system-own-register' }],
  ['social worker, role lacks the service task', (w, _c, t) => !covers(w, t), { allow: false, rule: 'service-task-not-in-role' }],
  ['social worker, client relation', (_w, c) => related(c), { allow: true, rule: 'client-relation' }],
  ['social worker, valid special reason', (_w, c) => c.specialReason === 'valid', { allow: true, rule: 'special-reason' }],
  ['social worker, expired special reason', (_w, c) => c.specialReason === 'expired', { allow: false, rule: 'special-reason-expired' }],
  ['social worker, nothing', () => true, { allow: false, rule: 'no-client-relation' }],
];

/** A search (by client) is always in the caller's own register; the rows it may return are the readable ones. */
const SEARCH_RULES: Array<[string, (who: Caller) => boolean, Expected]> = [
  ['citizen, someone else’s data', (w) => w.kind === 'citizen' && !w.ownClient, { allow: false, rule: 'citizen-other-data' }],
  ['citizen (searching is not for the citizen view)', (w) => w.kind === 'citizen', { allow: false, rule: 'citizen-action-not-allowed' }],
  ['storing system', (w) => w.kind === 'system' && w.profile === 'storing', { allow: false, rule: 'system-profile-storing' }],
  ['archivist', (w) => w.kind === 'archivist', { allow: true, rule: 'archivist-own-register' }],
  ['client system', (w) => w.kind === 'system', { allow: true, rule: 'system-own-register' }],
  [
    'social worker (rows only where a relation or special reason lets him or her read)',
    () => true,
    { allow: true, rule: 'client-relation-scope' },
  ],
];

/** A write of a new client document in child welfare into the client's register. */
const WRITE_RULES: Array<[string, Cond, Expected]> = [
  ['citizen, someone else’s data', (w) => w.kind === 'citizen' && !w.ownClient, { allow: false, rule: 'citizen-other-data' }],
  ['citizen', (w) => w.kind === 'citizen', { allow: false, rule: 'citizen-action-not-allowed' }],
  ['other register keeper', (w) => !w.ownRegister, { allow: false, rule: 'other-register-keeper' }],
  ['archivist', (w) => w.kind === 'archivist', { allow: false, rule: 'archivist-does-not-write' }],
  ['viewing system', (w) => w.kind === 'system' && w.profile === 'viewing', { allow: false, rule: 'system-profile-viewing' }],
  ['client system (connected / storing)', (w) => w.kind === 'system', { allow: true, rule: 'system-own-register' }],
  ['social worker, role lacks the service task', (w, _c, t) => !covers(w, t), { allow: false, rule: 'service-task-not-in-role' }],
  [
    'social worker (writing is limited by the role; the register order needs the clienthood)',
    () => true,
    { allow: true, rule: 'role-service-task' },
  ],
];

const first = <C extends unknown[]>(rules: Array<[string, (...a: C) => boolean, Expected]>, ...args: C): Expected =>
  rules.find(([, cond]) => cond(...args))![2];
// ---------------------------------------------------------------------------------------------------------

const RELATIONS: Relation[] = ['clienthood', 'case', 'none'];
const SPECIAL: SpecialReason[] = ['none', 'valid', 'expired'];
const DISCLOSURES: Disclosure[] = ['none', 'consent', 'denial', 'consent+denial'];

for (const database of testDatabases()) {
  describe(`access matrix on ${database.name}`, () => {
    let f: ArchiveFixture;
    let db: Db;
    const clients: Client[] = [];
    const user = (id: string): Identity => f.users[id]!;
    let callers: Caller[];

    before(async () => {
      f = await archiveFixture(await database.open());
      db = f.db;
      const system = user('system-vaasa');
      const viewing: Identity = { ...system, userId: 'system-vaasa-viewing', systemId: 'katselu', systemProfile: 'viewing' };
      const storing: Identity = { ...system, userId: 'system-vaasa-storing', systemId: 'tallennus', systemProfile: 'storing' };
      const citizenOf = (hetu: string): Identity => ({
        userId: `citizen:${hetu}`,
        name: 'Kansalainen',
        role: 'citizen',
        organisationOid: RK,
        registerKeeperOid: RK,
        serviceTasks: [],
        systemId: 'omakanta',
        clientKey: hetu,
      });
      const stranger = freshHetu();
      const fixed = (id: string) => () => user(id);
      const sw = (id: string, own: boolean): Caller => ({
        name: id,
        identity: fixed(id),
        kind: 'social-worker',
        ownRegister: own,
        roleTasks: user(id).serviceTasks,
      });
      callers = [
        sw('sw-vaasa-ls', true),
        sw('sw-vaasa-vammais', true),
        sw('sw-vaasa-aikuiset', true),
        { name: 'archivist-vaasa', identity: fixed('archivist-vaasa'), kind: 'archivist', ownRegister: true, roleTasks: ['*'] },
        { name: 'system-vaasa', identity: () => system, kind: 'system', ownRegister: true, roleTasks: ['*'], profile: 'connected' },
        { name: 'viewing system', identity: () => viewing, kind: 'system', ownRegister: true, roleTasks: ['*'], profile: 'viewing' },
        { name: 'storing system', identity: () => storing, kind: 'system', ownRegister: true, roleTasks: ['*'], profile: 'storing' },
        {
          name: 'the client as citizen',
          identity: (c) => citizenOf(c.hetu),
          kind: 'citizen',
          ownRegister: true,
          roleTasks: [],
          ownClient: true,
        },
        {
          name: 'another citizen',
          identity: () => citizenOf(stranger),
          kind: 'citizen',
          ownRegister: true,
          roleTasks: [],
          ownClient: false,
        },
        sw('sw-eksote-ls', false),
        sw('sw-eksote-aikuiset', false),
        { name: 'archivist-eksote', identity: fixed('archivist-eksote'), kind: 'archivist', ownRegister: false, roleTasks: ['*'] },
        {
          name: 'system-eksote',
          identity: fixed('system-eksote'),
          kind: 'system',
          ownRegister: false,
          roleTasks: ['*'],
          profile: 'connected',
        },
      ];

      for (const relation of RELATIONS) {
        for (const specialReason of SPECIAL) {
          for (const turvakielto of [false, true]) {
            for (const disclosure of DISCLOSURES) {
              const hetu = freshHetu();
              const client = { kind: 'hetu' as const, value: hetu };
              const batch: DocumentMetadata[] = [];
              const caseIds = {} as Record<Task, string>;
              for (const [i, t] of TASKS.entries()) {
                const over: Partial<DocumentMetadata> = {
                  client,
                  serviceTask: t,
                  serviceUnit: UNIT[t],
                  ...(t === DISABILITY ? { socialServices: ['55'] } : {}),
                };
                const caseId = newOid(3);
                caseIds[t] = caseId;
                const ended = relation !== 'clienthood';
                if (i === 0) batch.push(clienthoodDocument('social-welfare', over));
                const ch = clienthoodDocument('service-task', over);
                batch.push({ ...ch, clienthood: { ...ch.clienthood!, start: '2026-01-01', ...(ended ? { end: '2026-06-30' } : {}) } });
                batch.push(
                  caseDocument(caseId, {
                    ...over,
                    caseRecord: { opened: '2026-02-01', ...(relation !== 'case' ? { closed: '2026-06-30' } : {}) },
                  }),
                );
                batch.push(
                  clientDocument(caseId, {
                    ...over,
                    ...(t === DISABILITY ? { documentType: '1000', title: 'Vammaispalveluhakemus' } : {}),
                  }),
                );
              }
              const docs = (
                await storeDocuments(
                  f.deps,
                  system,
                  batch.map((m) => submission(m)),
                )
              ).map((r) => accepted(r));
              const person = (await getPerson(db, hetu))!;
              await db.transaction((tx) => upsertPerson(tx, { ...person, turvakielto, familyName: 'Testinen', givenNames: 'Tessa' }));
              if (consented({ disclosure } as Client))
                await recordDisclosureRule(f.deps, system, {
                  kind: 'consent',
                  clientKey: hetu,
                  recipientOid: RK_OTHER,
                  serviceTasks: ['*'],
                });
              if (denied({ disclosure } as Client, CHILD_WELFARE))
                await recordDisclosureRule(f.deps, system, { kind: 'denial', clientKey: hetu, serviceTasks: [CHILD_WELFARE] });
              const grants: Record<string, string> = {};
              // A special reason can only be stated without a relation (with one the policy refuses it as needless).
              if (specialReason !== 'none' && relation === 'none') {
                const deps = specialReason === 'valid' ? f.deps : { ...f.deps, now: () => YESTERDAY };
                for (const [id, t] of [
                  ['sw-vaasa-ls', CHILD_WELFARE],
                  ['sw-vaasa-vammais', DISABILITY],
                ] as const) {
                  grants[id] = (
                    await stateSpecialReason(deps, user(id), {
                      clientKey: hetu,
                      serviceTask: t,
                      reasonCode: 'x-kiireellinen',
                      comment: 'Päivystys: asiakas soitti',
                    })
                  ).grantId;
                }
              }
              clients.push({ hetu, relation, specialReason, turvakielto, disclosure, docs, caseIds, grants });
            }
          }
        }
      }
    });
    after(() => db.close());

    const appended = async (mark: number) =>
      (
        await db.query<{ rule: string; outcome: string; client_key: string; detail: unknown; document_ids: string[] }>(
          'SELECT rule, outcome, client_key, detail, document_ids FROM usage_log WHERE id > $1 ORDER BY id',
          [mark],
        )
      ).rows.map((r) => ({
        ...r,
        detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as {
          flags?: string[];
          grantId?: string;
          reasonCode?: string;
        },
      }));
    const markNow = async () => Number((await db.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM usage_log')).rows[0]!.n);
    const disclosures = async () => Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM disclosure_log')).rows[0]!.n);

    it('covers at least 500 cases and gives 0 unauthorised and 0 wrongly refused reads, one usage row each with the deciding rule', async () => {
      const problems: string[] = [];
      let cases = 0;
      let allowedReads = 0;
      let refusedReads = 0;
      const check = (label: string, ok: boolean, detail: string) => {
        if (!ok) problems.push(`${label}: ${detail}`);
      };
      const flagsOk = (
        label: string,
        c: Client,
        row: { rule: string; detail: { flags?: string[]; grantId?: string; reasonCode?: string } },
        grantOf?: string,
      ) => {
        const flags = row.detail.flags ?? [];
        check(
          label,
          flags.includes('turvakielto') === c.turvakielto,
          `turvakielto flag ${flags.join(',')} for a client with${c.turvakielto ? '' : 'out'} turvakielto`,
        );
        check(
          label,
          flags.includes('special-reason') === (row.rule === 'special-reason'),
          `special-reason flag ${flags.join(',')} with rule ${row.rule}`,
        );
        check(
          label,
          flags.includes('disclosure') === row.rule.startsWith('disclosure-'),
          `disclosure flag ${flags.join(',')} with rule ${row.rule}`,
        );
        if (row.rule === 'special-reason')
          check(
            label,
            row.detail.grantId === grantOf && row.detail.reasonCode === 'x-kiireellinen',
            `grant ${row.detail.grantId} / ${row.detail.reasonCode}, expected ${grantOf}`,
          );
      };

      // Reads: every caller, every document of every client.
      for (const c of clients) {
        for (const who of callers) {
          // The client documents (one per service task); clienthood and case documents follow the same rules.
          for (const doc of c.docs.filter((d) => d.documentType === '1001' || d.documentType === '1000')) {
            const t = doc.serviceTask as Task;
            const want = first(READ_RULES, who, c, t);
            const label = `read ${who.name} × ${t} × ${c.relation}/${c.specialReason}/${c.turvakielto ? 'turvakielto' : '-'}/${c.disclosure}`;
            const mark = await markNow();
            const disclosedBefore = await disclosures();
            let got: boolean;
            try {
              got = (await readDocument(f.deps, who.identity(c), doc.documentId)).documentId === doc.documentId;
            } catch (err) {
              if (!(err instanceof ArkkiError) || err.code !== 'forbidden') throw err;
              got = false;
            }
            cases++;
            if (got) allowedReads++;
            else refusedReads++;
            check(label, !(got && !want.allow), 'UNAUTHORISED READ');
            check(label, !(!got && want.allow), 'WRONGLY REFUSED READ');
            const rows = await appended(mark);
            check(label, rows.length === 1, `${rows.length} usage rows`);
            if (rows[0]) {
              check(label, rows[0].rule === want.rule, `rule ${rows[0].rule}, expected ${want.rule}`);
              check(label, rows[0].outcome === (want.allow ? 'success' : 'denied'), `outcome ${rows[0].outcome}`);
              flagsOk(label, c, rows[0], c.grants[who.name]);
            }
            const disclosed = (await disclosures()) - disclosedBefore;
            check(label, disclosed === (got && !who.ownRegister ? 1 : 0), `${disclosed} disclosure-log rows`);
          }
        }
      }

      // Searches by client: what comes back must be exactly what the caller may read, in one row.
      for (const c of clients) {
        for (const who of callers) {
          const want = first(SEARCH_RULES, who);
          const label = `search ${who.name} × ${c.relation}/${c.specialReason}/${c.turvakielto ? 'turvakielto' : '-'}/${c.disclosure}`;
          const readable = new Set(
            who.ownRegister ? c.docs.filter((d) => first(READ_RULES, who, c, d.serviceTask as Task).allow).map((d) => d.documentId) : [],
          );
          const mark = await markNow();
          let found: string[] | undefined;
          try {
            found = (await searchArchive(f.deps, who.identity(c), { client: c.hetu, status: ['current'], count: 100 })).docs.map(
              (d) => d.documentId,
            );
          } catch (err) {
            if (!(err instanceof ArkkiError) || err.code !== 'forbidden') throw err;
          }
          cases++;
          check(label, (found !== undefined) === want.allow, `search ${found ? 'allowed' : 'refused'}`);
          for (const id of found ?? []) check(label, readable.has(id), `UNAUTHORISED READ of ${id} by search`);
          if (found) for (const id of readable) check(label, found.includes(id), `WRONGLY REFUSED READ: ${id} missing from the search`);
          const rows = await appended(mark);
          check(label, rows.length === 1, `${rows.length} usage rows`);
          if (rows[0]) {
            // Rows a social worker sees only under a special reason are logged as such.
            const underGrant =
              who.kind === 'social-worker' && who.ownRegister && !related(c) && c.specialReason === 'valid' && (found ?? []).length > 0;
            const rule = underGrant ? 'special-reason' : want.rule;
            check(label, rows[0].rule === rule, `rule ${rows[0].rule}, expected ${rule}`);
            check(label, rows[0].client_key === c.hetu, `logged for ${rows[0].client_key}`);
            flagsOk(label, c, rows[0], c.grants[who.name]);
          }
        }
      }

      // Writes: a new child-welfare document in the client's case.
      for (const c of clients) {
        for (const who of callers) {
          const want = first(WRITE_RULES, who, c, CHILD_WELFARE);
          const label = `write ${who.name} × ${c.relation}/${c.specialReason}/${c.turvakielto ? 'turvakielto' : '-'}/${c.disclosure}`;
          const m = clientDocument(c.caseIds[CHILD_WELFARE], { client: { kind: 'hetu', value: c.hetu }, serviceUnit: UNIT[CHILD_WELFARE] });
          const mark = await markNow();
          const [result] = await storeDocuments(f.deps, who.identity(c), [submission(m)]);
          cases++;
          const got = result!.outcome === 'created';
          check(label, got === want.allow, `${result!.outcome}${result!.outcome === 'rejected' ? ` ${result!.error.message}` : ''}`);
          if (result!.outcome === 'rejected') check(label, result!.error.code === 'forbidden', `refused as ${result!.error.code}`);
          const rows = await appended(mark);
          check(label, rows.length === 1, `${rows.length} usage rows`);
          if (rows[0]) {
            check(label, rows[0].rule === want.rule, `rule ${rows[0].rule}, expected ${want.rule}`);
            flagsOk(label, c, rows[0]);
          }
        }
      }

      assert.ok(cases >= 500, `${cases} cases`);
      assert.ok(allowedReads > 100 && refusedReads > 100, `both outcomes exercised: ${allowedReads} allowed, ${refusedReads} refused`);
      assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problems in ${cases} cases`);
    });
  });
}
