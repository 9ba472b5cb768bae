// The CapabilityStatement says which request bodies a DocumentReference create takes, as the server does.
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { describe, it } from 'node:test';
import { capabilityRoutes, CREATE_FORMATS } from './capability-routes.ts';
import type { Json } from './document-reference.ts';

describe('CapabilityStatement', () => {
  it('names the accepted create formats: the signed CDA itself and FHIR JSON (with the XAdES entry)', async () => {
    const app = Fastify();
    await app.register(capabilityRoutes({} as never));
    try {
      const res = await app.inject({ method: 'GET', url: '/metadata' });
      assert.equal(res.statusCode, 200);
      const statement = res.json() as { format: string[]; rest: Array<{ resource: Json[] }> };
      assert.deepEqual(statement.format, ['application/fhir+json']);
      const docRef = statement.rest[0]!.resource.find((r) => r.type === 'DocumentReference')!;
      const create = (docRef.interaction as Json[]).find((i) => i.code === 'create')!;
      assert.deepEqual([...CREATE_FORMATS].sort(), ['application/fhir+json', 'application/hl7-v3+xml']);
      for (const format of [...CREATE_FORMATS, 'application/vnd.etsi.xades+xml'])
        assert.match(String(create.documentation), new RegExp(format.replace(/[.+]/g, '\\$&')));
    } finally {
      await app.close();
    }
  });
});
