import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { archiveFixture, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { readDemoUsers } from '../auth/demo-authenticator.ts';
import { DEMO_DIR } from '../demo/seed.ts';
import { importRoles, readRolesFile, resolveProfessional } from './roles.ts';

// Roles per organisation (THL 1/2017): the roles file is validated and stored, and the look-up the card
// login uses gives every demo professional the same role, service tasks and register keeper as users.json.

for (const database of testDatabases()) {
  describe(`roles on ${database.name}`, () => {
    let f: ArchiveFixture;
    before(async () => {
      f = await archiveFixture(await database.open());
    });
    after(() => f.db.close());

    it('card login and demo users give the same identities', async () => {
      await importRoles(f.db, f.ctx.codeSets, await readRolesFile());
      const lookup = await resolveProfessional(f.db);
      const users = (await readDemoUsers(`${DEMO_DIR}users.json`)).filter(
        (u): u is Identity & { professionalId: string } => u.professionalId !== undefined,
      );
      assert.equal(users.length, 7);
      for (const u of users) {
        const r = lookup({ professionalId: u.professionalId, organisationOid: u.organisationOid });
        assert.ok(r, `${u.userId} has a role`);
        assert.deepEqual(
          {
            userId: r.userId,
            role: r.role,
            serviceTasks: r.serviceTasks,
            registerKeeperOid: r.registerKeeperOid,
            roleCode: r.roleCode,
          },
          {
            userId: u.userId,
            role: u.role,
            serviceTasks: u.serviceTasks,
            registerKeeperOid: u.registerKeeperOid,
            roleCode: u.roleCode,
          },
        );
      }
      const sanna = lookup({ professionalId: 'DEMO-1001', organisationOid: '1.2.246.10.9990001.10.1' })!;
      assert.equal('processPart' in sanna, false, 'no process part: it would decide nothing (docs/access-control.md)');
      assert.ok(users.every((u) => !('processPart' in u)));
      assert.equal(
        lookup({ professionalId: 'DEMO-1001', organisationOid: '1.2.246.10.9990002.10.1' }),
        undefined,
        'a role is per organisation',
      );
      assert.equal(lookup({ professionalId: 'DEMO-9999', organisationOid: '1.2.246.10.9990001.10.1' }), undefined);
    });

    it('a wrong roles file is refused whole, naming each problem', async () => {
      const file = await readRolesFile();
      const org = file.organisations[0]!;
      const bad = {
        organisations: [
          {
            ...org,
            roles: [
              ...org.roles,
              { ...org.roles[0]!, serviceTasks: ['77'] },
              { code: 'x', name_fi: '', kind: 'boss', serviceTasks: [], processPart: 'all' },
            ],
            assignments: [...org.assignments, { professionalId: 'DEMO-1', roleCode: 'nope' }],
          },
        ],
      };
      await assert.rejects(
        importRoles(f.db, f.ctx.codeSets, bad as never),
        (err: Error & { issues?: Array<{ field: string; rule: string }> }) => {
          const rules = (err.issues ?? []).map((i) => `${i.field} ${i.rule}`);
          for (const want of [
            'organisations[0].roles[4].code unique',
            'organisations[0].roles[4].serviceTasks code-unknown',
            'organisations[0].roles[5].name_fi required',
            'organisations[0].roles[5].kind role-kind',
            'organisations[0].roles[5].serviceTasks required',
            'organisations[0].assignments[4].roleCode role-unknown',
          ]) {
            assert.ok(rules.includes(want), `${want} in ${rules.join('; ')}`);
          }
          return true;
        },
      );
      const lookup = await resolveProfessional(f.db);
      assert.equal(
        lookup({ professionalId: 'DEMO-1001', organisationOid: org.organisationOid })?.roleCode,
        'ls-sosiaalityontekija',
        'the earlier roles stay',
      );
    });
  });
}
