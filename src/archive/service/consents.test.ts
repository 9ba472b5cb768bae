import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  prepareClient,
  RK,
  RK_OTHER,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, rejectsWith } from '../../../test/support/archive-rows.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { disclosuresOf } from '../store/disclosure-store.ts';
import { listDisclosureRules, mayOrganisationSee, recordDisclosureRule } from './consents.ts';
import { readDocument } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';
import { readUsageLog } from './usage-log-query.ts';

// Consents, denials and disclosure decisions: recorded per client, enforced when another register keeper
// reads, explained on request; a disclosure goes to the disclosure log with the usage row.

for (const database of testDatabases()) {
  describe(`consents and disclosure on ${database.name}`, () => {
    let f: ArchiveFixture;
    let hetu: string;
    let doc: ArchivedDocument;
    const user = (id: string): Identity => f.users[id]!;

    before(async () => {
      f = await archiveFixture(await database.open());
      hetu = freshHetu();
      const caseId = await prepareClient(f, { hetu });
      doc = accepted(
        (
          await storeDocuments(f.deps, user('system-vaasa'), [
            submission(clientDocument(caseId, { client: { kind: 'hetu', value: hetu } })),
          ])
        )[0],
      );
    });
    after(() => f.db.close());

    it('a record names what it covers; bad input names the field and the rule', async () => {
      const err = await rejectsWith(
        recordDisclosureRule(f.deps, user('system-vaasa'), { kind: 'consent', clientKey: hetu, serviceTasks: ['77'] }),
        'required',
      );
      const rules = err.issues.map((i) => `${i.field} ${i.rule}`);
      assert.ok(rules.includes('recipientOid required') && rules.includes('serviceTasks code-unknown'), rules.join('; '));
      await rejectsWith(
        recordDisclosureRule(f.deps, user('system-vaasa'), { kind: 'denial', clientKey: hetu }),
        'required',
        'required',
        /names service tasks/,
      );
      await rejectsWith(
        recordDisclosureRule(f.deps, user('system-vaasa'), {
          kind: 'disclosure-decision',
          clientKey: hetu,
          recipientOid: RK_OTHER,
          serviceTasks: ['10'],
        }),
        'required',
        'required',
        /legal basis/,
      );
    });

    it('without a basis another register keeper is refused, and the policy says why', async () => {
      await rejectsWith(readDocument(f.deps, user('sw-eksote-ls'), doc.documentId), 'forbidden', 'other-register-keeper');
      const d = await mayOrganisationSee(f.deps, { organisationOid: RK_OTHER, registerKeeperOid: RK_OTHER }, doc.documentId);
      assert.deepEqual([d.allow, d.rule], [false, 'other-register-keeper']);
      assert.match(d.reason, /no consent or disclosure decision/);
    });

    it('under a consent the read is allowed, logged in the usage log and the disclosure log together', async () => {
      const consent = await recordDisclosureRule(f.deps, user('sw-vaasa-ls'), {
        kind: 'consent',
        clientKey: hetu,
        recipientOid: RK_OTHER,
        serviceTasks: ['10'],
        basis: 'Asiakkaan suullinen suostumus',
      });
      const d = await mayOrganisationSee(f.deps, { organisationOid: RK_OTHER, registerKeeperOid: RK_OTHER }, doc.documentId);
      assert.deepEqual([d.allow, d.rule, d.disclosureBasis], [true, 'disclosure-consent', { kind: 'consent', id: consent.ruleId }]);
      assert.equal((await readDocument(f.deps, user('sw-eksote-ls'), doc.documentId)).documentId, doc.documentId);
      const log = await disclosuresOf(f.db, RK, hetu);
      assert.deepEqual(
        log.map((e) => [e.recipientOrganisationOid, e.userId, e.action, e.documentIds, e.basisKind, e.basisId]),
        [[RK_OTHER, 'sw-eksote-ls', 'read', [doc.documentId], 'consent', consent.ruleId]],
      );
    });

    it('a denial covering the document blocks it, even with the consent', async () => {
      await recordDisclosureRule(f.deps, user('archivist-vaasa'), { kind: 'denial', clientKey: hetu, documentIds: [doc.documentId] });
      await rejectsWith(readDocument(f.deps, user('sw-eksote-ls'), doc.documentId), 'forbidden', 'disclosure-denied');
      assert.equal(
        (await mayOrganisationSee(f.deps, { organisationOid: RK_OTHER, registerKeeperOid: RK_OTHER }, doc.documentId)).rule,
        'disclosure-denied',
      );
      assert.equal((await disclosuresOf(f.db, RK, hetu)).length, 1, 'nothing more was disclosed');
      // The own register keeper is not limited by a denial of disclosure.
      assert.equal((await readDocument(f.deps, user('sw-vaasa-ls'), doc.documentId)).documentId, doc.documentId);
    });

    it('the records are listed for those who may, the listing logged; a viewing system or an outsider may not record', async () => {
      const listed = await listDisclosureRules(f.deps, user('sw-vaasa-ls'), hetu);
      assert.deepEqual(listed.map((r) => r.kind).sort(), ['consent', 'denial']);
      await rejectsWith(listDisclosureRules(f.deps, user('sw-vaasa-aikuiset'), hetu), 'forbidden', 'no-client-relation');
      const viewing: Identity = { ...user('system-vaasa'), systemProfile: 'viewing' };
      await rejectsWith(
        recordDisclosureRule(f.deps, viewing, { kind: 'denial', clientKey: hetu, serviceTasks: ['*'] }),
        'forbidden',
        'system-profile-viewing',
      );
      await rejectsWith(
        recordDisclosureRule(f.deps, user('sw-eksote-ls'), { kind: 'denial', clientKey: hetu, serviceTasks: ['*'] }),
        'forbidden',
        'no-client-relation',
      );
    });

    it('the client records a denial and reads who has looked at his or her data, in every register keeper', async () => {
      const citizen: Identity = {
        userId: `citizen:${hetu}`,
        name: 'Asiakas',
        role: 'citizen',
        organisationOid: RK,
        registerKeeperOid: RK,
        serviceTasks: [],
        systemId: 'omakanta',
        clientKey: hetu,
      };
      await recordDisclosureRule(f.deps, citizen, { kind: 'denial', clientKey: hetu, serviceTasks: ['20'] });
      await rejectsWith(
        recordDisclosureRule(f.deps, citizen, {
          kind: 'disclosure-decision',
          clientKey: hetu,
          recipientOid: RK_OTHER,
          serviceTasks: ['10'],
          basis: 'x',
        }),
        'invalid',
        'citizen-kind',
      );
      const { rows } = await readUsageLog(f.deps, citizen, { clientKey: hetu, limit: 100, offset: 0 });
      assert.ok(
        rows.some((r) => r.userId === 'sw-eksote-ls' && r.rule === 'disclosure-consent'),
        'the disclosure is among the rows',
      );
      assert.ok(rows.every((r) => r.clientKey === hetu));
      await rejectsWith(readUsageLog(f.deps, citizen, { clientKey: freshHetu(), limit: 10, offset: 0 }), 'forbidden', 'citizen-other-data');
    });
  });
}
