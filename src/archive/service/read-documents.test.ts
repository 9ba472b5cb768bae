import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import {
  archiveFixture,
  clientDocument,
  DISABILITY,
  newOid,
  pdf,
  prepareClient,
  RK,
  submission,
  type ArchiveFixture,
} from '../../../test/support/archive-fixtures.ts';
import { accepted, freshHetu, logLine, rejectsWith, usageMark, usageSince } from '../../../test/support/archive-rows.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { documentHistory, readBody, readDocument, readSetVersion } from './read-documents.ts';
import { storeDocuments } from './store-documents.ts';

// Access to a document (THL 1/2017): own register keeper only, and for a social worker only the role's
// service tasks where the client has a relation (clienthood or case). Every attempt leaves a usage-log row.

for (const database of testDatabases()) {
  describe(`reading documents on ${database.name}`, () => {
    let f: ArchiveFixture;
    let childWelfareDoc: ArchivedDocument;
    let disabilityDoc: ArchivedDocument;
    let hetu: string;
    const user = (id: string): Identity => f.users[id]!;

    before(async () => {
      f = await archiveFixture(await database.open());
      hetu = freshHetu();
      const client = { kind: 'hetu' as const, value: hetu };
      const cw = await prepareClient(f, { hetu });
      const dis = await prepareClient(f, { hetu, serviceTask: DISABILITY, serviceUnit: '1.2.246.10.9990001.10.200' });
      const [a, b] = await storeDocuments(f.deps, user('system-vaasa'), [
        submission(clientDocument(cw, { client }), pdf('Lastensuojelu')),
        submission(
          clientDocument(dis, {
            client,
            serviceTask: DISABILITY,
            serviceUnit: '1.2.246.10.9990001.10.200',
            socialServices: ['55'],
            documentType: '1000',
            title: 'Vammaispalveluhakemus',
          }),
          pdf('Vammaispalvelut'),
        ),
      ]);
      childWelfareDoc = accepted(a);
      disabilityDoc = accepted(b);
    });
    after(() => f.db.close());

    const allowed: Array<[string, string, 'cw' | 'dis', string]> = [
      ['a child-welfare social worker reads child welfare', 'sw-vaasa-ls', 'cw', 'client-relation'],
      ['a disability-services worker reads disability services', 'sw-vaasa-vammais', 'dis', 'client-relation'],
      ['the archivist reads child welfare', 'archivist-vaasa', 'cw', 'archivist-own-register'],
      ['the archivist reads disability services', 'archivist-vaasa', 'dis', 'archivist-own-register'],
      ['the client system reads child welfare', 'system-vaasa', 'cw', 'system-own-register'],
    ];
    for (const [name, userId, which, rule] of allowed) {
      it(`${name} (${rule}), logged`, async () => {
        const doc = which === 'cw' ? childWelfareDoc : disabilityDoc;
        const mark = await usageMark(f.db);
        assert.deepEqual(await readDocument(f.deps, user(userId), doc.documentId, 'asiakastyö'), doc);
        const rows = await usageSince(f.db, mark);
        assert.deepEqual(rows.map(logLine), [
          { userId, role: user(userId).role, action: 'read', clientKey: hetu, outcome: 'success', rule, documentIds: [doc.documentId] },
        ]);
        assert.deepEqual(
          [rows[0]!.registerKeeperOid, rows[0]!.organisationOid, rows[0]!.systemId, rows[0]!.purpose],
          [RK, user(userId).organisationOid, user(userId).systemId, 'asiakastyö'],
        );
      });
    }

    const denied: Array<[string, string, 'cw' | 'dis', string]> = [
      ['another register keeper’s social worker', 'sw-eksote-ls', 'cw', 'other-register-keeper'],
      ['another register keeper’s archivist', 'archivist-eksote', 'dis', 'other-register-keeper'],
      ['a social worker without child welfare in the role', 'sw-vaasa-vammais', 'cw', 'service-task-not-in-role'],
      ['a child-welfare social worker reading disability services', 'sw-vaasa-ls', 'dis', 'service-task-not-in-role'],
      ['an adult social worker reading child welfare', 'sw-vaasa-aikuiset', 'cw', 'service-task-not-in-role'],
    ];
    for (const [name, userId, which, rule] of denied) {
      it(`${name} is forbidden (${rule}) and the denial is logged`, async () => {
        const doc = which === 'cw' ? childWelfareDoc : disabilityDoc;
        const mark = await usageMark(f.db);
        const err = await rejectsWith(readDocument(f.deps, user(userId), doc.documentId), 'forbidden', rule);
        assert.ok(!err.message.includes(doc.title), 'a denial does not show the document');
        const rows = await usageSince(f.db, mark);
        assert.deepEqual(rows.map(logLine), [
          { userId, role: user(userId).role, action: 'read', clientKey: hetu, outcome: 'denied', rule, documentIds: [doc.documentId] },
        ]);
        assert.equal(rows[0]!.registerKeeperOid, RK, 'logged in the register whose data was asked for');
      });
    }

    it('the body, a version and the history follow the same rules and are logged by what was read', async () => {
      const outsider = user('sw-eksote-ls');
      const mark = await usageMark(f.db);
      await rejectsWith(readBody(f.deps, outsider, childWelfareDoc.documentId), 'forbidden', 'other-register-keeper');
      await rejectsWith(readSetVersion(f.deps, outsider, childWelfareDoc.setId), 'forbidden', 'other-register-keeper');
      await rejectsWith(documentHistory(f.deps, outsider, childWelfareDoc.setId), 'forbidden', 'other-register-keeper');
      const worker = user('sw-vaasa-ls');
      assert.equal((await readBody(f.deps, worker, childWelfareDoc.documentId)).doc.documentId, childWelfareDoc.documentId);
      assert.deepEqual(await readSetVersion(f.deps, worker, childWelfareDoc.setId, 1), childWelfareDoc);
      assert.deepEqual(await documentHistory(f.deps, worker, childWelfareDoc.setId), [childWelfareDoc]);
      assert.deepEqual(
        (await usageSince(f.db, mark)).map((r) => `${r.userId} ${r.action} ${r.outcome}`),
        [
          'sw-eksote-ls read-body denied',
          'sw-eksote-ls read denied',
          'sw-eksote-ls history denied',
          'sw-vaasa-ls read-body success',
          'sw-vaasa-ls read success',
          'sw-vaasa-ls history success',
        ],
      );
    });

    it('an unknown document or version is not found', async () => {
      await rejectsWith(readDocument(f.deps, user('archivist-vaasa'), newOid(1)), 'not-found');
      await rejectsWith(
        readSetVersion(f.deps, user('archivist-vaasa'), childWelfareDoc.setId, 7),
        'not-found',
        'not-found',
        /no version 7/,
      );
      await rejectsWith(documentHistory(f.deps, user('archivist-vaasa'), newOid(2)), 'not-found');
    });
  });
}
