import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../../../test/support/databases.ts';
import type { Db } from '../../lib/db/db.ts';
import { ArkkiError } from '../../lib/errors.ts';
import type { Organisation } from '../domain/organisation.ts';
import { childrenOf, findRegisterKeeper, getOrganisation, importOrganisations, listOrganisations } from './organisation-store.ts';

const county: Organisation = {
  oid: '1.2.246.10.9990002.10.1',
  name: { fi: 'Etelä-Testin hyvinvointialue', sv: 'Södra Testets välfärdsområde' },
  kind: 'organisation',
  businessId: '9990002-4',
  registerKeeper: 'public',
  municipalityCode: '405',
  validFrom: '2023-01-01',
};
const unit = (n: number, fi: string, extra: Partial<Organisation> = {}): Organisation => ({
  oid: `1.2.246.10.9990002.10.${n}`,
  name: { fi },
  kind: 'service-unit',
  parentOid: county.oid,
  registerKeeper: null,
  validFrom: '2023-01-01',
  ...extra,
});
const childWelfare = unit(9, 'Lastensuojelu', { name: { fi: 'Lastensuojelu', sv: 'Barnskydd', en: 'Child welfare' } });
const olderPeople = unit(10, 'Ikäihmisten palvelut', { validTo: '2023-12-31' });
const team = unit(11, 'Lastensuojelun avohuolto', { parentOid: childWelfare.oid });

for (const database of testDatabases()) {
  describe(`organisation store on ${database.name}`, () => {
    let db: Db;
    before(async () => {
      db = await database.open();
    });
    after(async () => {
      await db.close();
    });

    it('imports a batch whose sub-unit comes before its parent', async () => {
      const result = await importOrganisations(db, [team, childWelfare, olderPeople, county]);
      assert.deepEqual(result, { inserted: 4, updated: 0, unchanged: 0 });
      assert.deepEqual(await getOrganisation(db, county.oid), county);
      assert.deepEqual(await getOrganisation(db, childWelfare.oid), childWelfare);
      assert.equal(await getOrganisation(db, '1.2.246.10.9990002.10.999'), undefined);
    });

    it('counts updated and unchanged rows on a re-import', async () => {
      const renamed = { ...olderPeople, name: { fi: 'Ikääntyneiden palvelut' } };
      assert.deepEqual(await importOrganisations(db, [county, renamed]), { inserted: 0, updated: 1, unchanged: 1 });
      assert.equal((await getOrganisation(db, olderPeople.oid))?.name.fi, 'Ikääntyneiden palvelut');
    });

    it('writes nothing when one row is bad, and lists every issue', async () => {
      const good = unit(12, 'Perhepalvelut');
      const orphan = unit(13, 'Vammaispalvelut', { parentOid: '1.2.246.10.9990002.10.404' });
      const badId = { ...county, oid: '1.2.246.10.9990009.10.1', businessId: '9990009-2' };
      await assert.rejects(importOrganisations(db, [good, orphan, badId]), (err: ArkkiError) => {
        assert.equal(err.code, 'invalid');
        assert.deepEqual(
          err.issues.map((i) => i.field),
          ['organisations[1].parentOid', 'organisations[2].businessId'],
        );
        return true;
      });
      assert.equal(await getOrganisation(db, good.oid), undefined);
    });

    it('checks parents and cycles against the register', async () => {
      assert.deepEqual(await importOrganisations(db, [unit(14, 'Aikuissosiaalityö')]), { inserted: 1, updated: 0, unchanged: 0 });
      const moved = { ...childWelfare, parentOid: team.oid };
      await assert.rejects(importOrganisations(db, [moved]), (err: ArkkiError) => {
        assert.deepEqual(
          err.issues.map((i) => `${i.field} ${i.rule}`),
          ['organisations[0].parentOid cycle'],
        );
        return true;
      });
    });

    it('refuses to end a parent while its units in the register stay valid', async () => {
      await assert.rejects(importOrganisations(db, [{ ...childWelfare, validTo: '2024-12-31' }]), (err: ArkkiError) => {
        assert.deepEqual(
          err.issues.map((i) => `${i.field} ${i.rule}`),
          ['organisations[0].validTo child-validity'],
        );
        assert.match(err.issues[0]!.message, new RegExp(team.oid));
        return true;
      });
    });

    it('lists children in OID order, arc by arc', async () => {
      const oids = (await childrenOf(db, county.oid)).map((o) => o.oid);
      assert.deepEqual(oids, [childWelfare.oid, olderPeople.oid, '1.2.246.10.9990002.10.14']);
      assert.deepEqual(
        (await childrenOf(db, childWelfare.oid)).map((o) => o.oid),
        [team.oid],
      );
    });

    it('filters by name, case-insensitively also for ä and ö, in any language', async () => {
      const names = async (filter: Parameters<typeof listOrganisations>[1]) => (await listOrganisations(db, filter)).map((o) => o.name.fi);
      assert.deepEqual(await names({ name: 'ETELÄ-TESTIN' }), ['Etelä-Testin hyvinvointialue']);
      assert.deepEqual(await names({ name: 'SÖDRA' }), ['Etelä-Testin hyvinvointialue']);
      assert.deepEqual(await names({ name: 'child' }), ['Lastensuojelu']);
      assert.deepEqual(await names({ name: 'lastensuojelu' }), ['Lastensuojelu', 'Lastensuojelun avohuolto']);
      assert.deepEqual(await names({ nameStartsWith: 'barn' }), ['Lastensuojelu']);
      assert.deepEqual(await names({ nameStartsWith: 'suojelu' }), []);
      assert.deepEqual(await names({ name: '%' }), []);
    });

    it('filters by register keeper, validity, parent and identifiers', async () => {
      const oids = async (filter: Parameters<typeof listOrganisations>[1]) => (await listOrganisations(db, filter)).map((o) => o.oid);
      assert.deepEqual(await oids({ registerKeeper: true }), [county.oid]);
      assert.equal((await oids({ registerKeeper: false })).includes(county.oid), false);
      assert.equal((await oids({ activeOn: '2024-01-01' })).includes(olderPeople.oid), false);
      assert.deepEqual(await oids({ inactiveOn: '2024-01-01' }), [olderPeople.oid]);
      assert.deepEqual(await oids({ inactiveOn: '2022-12-31', parentOid: childWelfare.oid }), [team.oid]);
      assert.deepEqual(await oids({ businessId: '9990002-4' }), [county.oid]);
      assert.deepEqual(await oids({ oid: team.oid }), [team.oid]);
      await assert.rejects(listOrganisations(db, { activeOn: '2024-13-01' }), ArkkiError);
    });

    it('finds the register keeper of a sub-unit', async () => {
      assert.equal((await findRegisterKeeper(db, team.oid))?.oid, county.oid);
      assert.equal(await findRegisterKeeper(db, '1.2.3.4'), undefined);
    });
  });
}
