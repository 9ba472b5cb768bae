import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { openPglite } from '../../lib/db/pglite.ts';
import type { Db } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { ArchiveContext } from '../context.ts';
import type { Organisation } from '../domain/organisation.ts';
import { migrateArchive } from '../store/migrate-archive.ts';
import { importOrganisations } from '../store/organisation-store.ts';
import { installFhirBasics } from './fhir-plugin.ts';
import { organizationRoutes } from './organization-routes.ts';
import { adapterContextOf } from '../adapter-context.ts';

const identity: Identity = {
  userId: 'archivist-1',
  name: 'Arkistonhoitaja',
  role: 'archivist',
  organisationOid: '1.2.246.10.9990001.10.1',
  registerKeeperOid: '1.2.246.10.9990001.10.1',
  serviceTasks: ['*'],
  systemId: 'arkki-ui',
};

const county: Organisation = {
  oid: '1.2.246.10.9990001.10.1',
  name: { fi: 'Pohjanmaan hyvinvointialue', sv: 'Österbottens välfärdsområde' },
  kind: 'organisation',
  businessId: '9990001-6',
  registerKeeper: 'public',
  validFrom: '2023-01-01',
};
const childWelfare: Organisation = {
  oid: '1.2.246.10.9990001.10.101',
  name: { fi: 'Lastensuojelu, Vaasa' },
  kind: 'service-unit',
  parentOid: county.oid,
  registerKeeper: null,
  validFrom: '2023-01-01',
};
const closed: Organisation = { ...childWelfare, oid: '1.2.246.10.9990001.10.102', name: { fi: 'Perhetyö' }, validTo: '2023-12-31' };

describe('FHIR Organization', () => {
  let db: Db;
  let app: FastifyInstance;
  before(async () => {
    db = await openPglite();
    await migrateArchive(db);
    await importOrganisations(db, [county, childWelfare, closed]);
    // The FHIR basics and these routes use only db, config, authenticate and now.
    const ctx = {
      db,
      config: { mode: 'demo', maxBodyBytes: 1024 * 1024 },
      authenticate: async () => identity,
      now: () => new Date('2024-06-01T12:00:00Z'),
    } as Partial<ArchiveContext> as ArchiveContext;
    app = Fastify();
    await app.register(
      async (fhir) => {
        installFhirBasics(fhir, adapterContextOf(ctx));
        await fhir.register(organizationRoutes(adapterContextOf(ctx)));
      },
      { prefix: '/fhir/R4' },
    );
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url: `/fhir/R4${url}` });
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    return { status: res.statusCode, body: res.json() };
  };

  it('reads a register keeper with its identifiers, type and Swedish name as alias', async () => {
    const { status, body } = await get(`/Organization/${county.oid}`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      resourceType: 'Organization',
      id: county.oid,
      meta: { profile: ['https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/fi-base-organization'] },
      identifier: [
        { use: 'official', system: 'urn:oid:1.2.246.537.6.202', value: county.oid },
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'XX', display: 'Organization identifier' }] },
          system: 'urn:oid:1.2.246.10',
          value: '9990001-6',
        },
      ],
      active: true,
      type: [{ coding: [{ system: 'urn:oid:1.2.246.537.5.40172', code: '1', display: 'Julkinen' }] }],
      name: 'Pohjanmaan hyvinvointialue',
      alias: ['Österbottens välfärdsområde'],
    });
  });

  it('reads a unit with partOf, inactive after its validity', async () => {
    const { body } = await get(`/Organization/${closed.oid}`);
    assert.deepEqual(body.partOf, { reference: `Organization/${county.oid}` });
    assert.equal(body.active, false);
    assert.equal(body.type, undefined);
  });

  it('answers 404 with an OperationOutcome for an unknown OID', async () => {
    const { status, body } = await get('/Organization/1.2.246.10.9990009.10.1');
    assert.equal(status, 404);
    assert.equal(body.resourceType, 'OperationOutcome');
    assert.equal(body.issue[0].code, 'not-found');
  });

  const ids = (bundle: { entry?: Array<{ resource: { id: string } }> }) => (bundle.entry ?? []).map((e) => e.resource.id);

  it('searches by partof and active as a searchset Bundle', async () => {
    const { status, body } = await get(`/Organization?partof=Organization/${county.oid}&active=true`);
    assert.equal(status, 200);
    assert.equal(body.resourceType, 'Bundle');
    assert.equal(body.type, 'searchset');
    assert.equal(body.total, 1);
    assert.deepEqual(ids(body), [childWelfare.oid]);
    assert.equal(body.entry[0].fullUrl, `http://localhost:80/fhir/R4/Organization/${childWelfare.oid}`);
    assert.deepEqual(ids((await get('/Organization?active=false')).body), [closed.oid]);
  });

  it('searches by identifier with or without system, and by name', async () => {
    assert.deepEqual(ids((await get(`/Organization?identifier=urn:oid:1.2.246.537.6.202|${county.oid}`)).body), [county.oid]);
    assert.deepEqual(ids((await get('/Organization?identifier=urn:oid:1.2.246.10|9990001-6')).body), [county.oid]);
    assert.deepEqual(ids((await get(`/Organization?identifier=${childWelfare.oid}`)).body), [childWelfare.oid]);
    assert.deepEqual(ids((await get('/Organization?identifier=http://example.org|9990001-6')).body), []);
    assert.deepEqual(ids((await get('/Organization?name=%C3%B6sterbottens')).body), [county.oid]);
    assert.deepEqual(ids((await get('/Organization?name=vaasa')).body), []);
    assert.deepEqual(ids((await get('/Organization?name:contains=vaasa')).body), [childWelfare.oid]);
  });

  it('refuses unknown and malformed search parameters', async () => {
    const unknown = await get('/Organization?address=Vaasa');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.issue[0].expression, ['address']);
    assert.equal((await get('/Organization?active=yes')).status, 400);
    assert.equal((await get('/Organization?partof=Organization/abc')).status, 400);
    assert.equal((await get(`/Organization/${county.oid}?name=x`)).status, 400);
  });
});
