// GET Provenance?target=DocumentReference/<setId>[/_history/<version>]: who keeps, wrote and signed a
// document version (FiBaseProvenance with the register-keeper agent; the professional e-signature in
// Provenance.signature). Reading it is a read of the document: same access rule, same usage-log row.
import type { FastifyPluginAsync } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import type { DocumentProvenanceFacts } from '../service/professional-signatures.ts';
import { queryString, searchBundle } from './bundle.ts';
import type { Json } from './document-reference.ts';
import { fhirBaseOf, identityOf, rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';
import { documentProvenance } from './provenance.ts';

const TARGET = /^(?:.*\/)?DocumentReference\/([0-9]+(?:\.[0-9]+)+)(?:\/_history\/([1-9][0-9]{0,8}))?$/;

/**
 * The document id is the version's identity, so Provenance/<document id> reads it back. FHIR ids are at
 * most 64 characters; a longer document id (an OID longer than any issued) gets a digest id that names
 * the same Provenance in searches but cannot be read by id.
 */
function provenanceId(documentId: string): string {
  return /^[A-Za-z0-9.-]{1,64}$/.test(documentId) ? documentId : `h-${Buffer.from(documentId).toString('base64url').slice(0, 62)}`;
}

export function toFhirProvenance(facts: DocumentProvenanceFacts): Json {
  const { doc, signature } = facts;
  const provenance = documentProvenance({
    target: `DocumentReference/${doc.setId}/_history/${doc.version}`,
    recorded: doc.archivedAt,
    registerKeeper: facts.registerKeeper,
    author: doc.author,
    ...(signature
      ? {
          professionalSignature: {
            signatureXml: signature.signatureXml,
            professionalId: signature.professionalId,
            name: signature.professionalName,
            organisationOid: signature.organisationOid,
            signingTime: signature.signingTime,
            ...(signature.commitment ? { commitment: signature.commitment } : {}),
          },
        }
      : {}),
  });
  return { resourceType: provenance.resourceType, id: provenanceId(doc.documentId), ...provenance };
}

export function provenanceRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/Provenance', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['target']);
      const target = single(query, 'target');
      const match = target === undefined ? null : TARGET.exec(target);
      if (!match) {
        throw new ArkkiError(target === undefined ? 'required' : 'invalid', [
          {
            field: 'target',
            rule: target === undefined ? 'required' : 'search-parameter',
            message: 'search provenance by target=DocumentReference/<set id> or DocumentReference/<set id>/_history/<version>',
          },
        ]);
      }
      const facts = await ctx.forIdentity(identityOf(request)).readDocumentProvenance(match[1]!, match[2] ? Number(match[2]) : undefined);
      return sendResource(
        reply,
        200,
        searchBundle(fhirBaseOf(request), 'Provenance', queryString(query), [toFhirProvenance(facts)], undefined, 1),
      );
    });

    // The fullUrl of the search entry above: the same facts, the same access rule and usage-log row.
    app.get<{ Params: { id: string } }>('/Provenance/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      if (!/^[0-9]+(\.[0-9]+)+$/.test(request.params.id))
        throw new ArkkiError('not-found', [
          { field: 'id', rule: 'not-found', message: `Provenance/${request.params.id} does not exist; its id is the document id (an OID)` },
        ]);
      return sendResource(
        reply,
        200,
        toFhirProvenance(await ctx.forIdentity(identityOf(request)).readVersionProvenance(request.params.id)),
      );
    });
  };
}
