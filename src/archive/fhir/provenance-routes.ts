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

/** The document id is the version's identity; FHIR ids are at most 64 characters. */
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
  };
}
