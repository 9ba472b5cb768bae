// Use cases around the professional e-signature of a phase-2 decision (docs/e-signature.md):
//   - on ingest, verify the detached XAdES signature over the content the system signature covers and
//     build the row that is stored with the document, in the same transaction;
//   - on read, the document version's provenance (register keeper, author, signature), through the
//     access policy with its usage-log row.
import { createHash } from 'node:crypto';
import { ArkkiError, issue, type Issue } from '../../lib/errors.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { verifyProfessionalSignature } from '../../lib/xml/xades-verify.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import type { Organisation } from '../domain/organisation.ts';
import { getSetHistory, locateSet } from '../store/document-store.ts';
import { getOrganisation } from '../store/organisation-store.ts';
import { getProfessionalSignature, type StoredProfessionalSignature } from '../store/professional-signature-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { authorise, inLoggedTransaction } from './read-documents.ts';

export interface ProfessionalSignatureInput {
  /** The detached XAdES signature document as received. */
  signatureXml: Buffer;
  /** What the system signature covers: verifyEnveloped(...).signedXml of the same CDA. */
  signedXml: string;
  /** The document being archived (its partition and author). */
  doc: Pick<ArchivedDocument, 'registerKeeper' | 'clientKey' | 'documentId' | 'author'>;
  /** When true the signer must be the document's author (the decision-maker signs their own decision). */
  signerIsAuthor?: boolean;
  /** The trust and receipt time the system signature of the same submission was checked with (default: the archive's, now). */
  at?: { trust: CertificateTrust; now: Date };
}

export type ProfessionalSignatureCheck = { ok: true; row: StoredProfessionalSignature } | { ok: false; issue: Issue };

/** Verifies on ingest; the row goes to insertProfessionalSignatures in the document's transaction. */
export async function checkProfessionalSignature(
  deps: ArchiveDeps,
  input: ProfessionalSignatureInput,
): Promise<ProfessionalSignatureCheck> {
  const trust = input.at?.trust ?? deps.signatureTrust?.();
  if (!trust)
    return {
      ok: false,
      issue: issue('professionalSignature', 'no-trust', 'the archive has no certificate trust configured; signatures cannot be checked'),
    };
  const now = input.at?.now ?? deps.now();
  const result = await verifyProfessionalSignature(input.signatureXml, input.signedXml, {
    trust,
    now,
    ...(input.signerIsAuthor ? { expectedProfessionalId: input.doc.author.professionalId } : {}),
  });
  if (!result.ok) {
    return {
      ok: false,
      issue: issue(
        'professionalSignature',
        result.reason,
        `professional e-signature (ammattilaisen sähköinen allekirjoitus) refused: ${result.detail}`,
      ),
    };
  }
  const s = result.signer;
  return {
    ok: true,
    row: {
      registerKeeperOid: input.doc.registerKeeper,
      clientKey: input.doc.clientKey,
      documentId: input.doc.documentId,
      signatureXml: input.signatureXml,
      signatureSha256: createHash('sha256').update(input.signatureXml).digest('hex'),
      professionalId: s.professionalId,
      professionalName: s.name,
      organisationOid: s.organisationOid,
      signingTime: s.signingTime,
      ...(s.commitment ? { commitment: s.commitment } : {}),
      certificateSerial: s.serial,
      certificateSha256: s.certificateSha256,
      verifiedAt: now.toISOString(),
    },
  };
}

export interface DocumentProvenanceFacts {
  doc: ArchivedDocument;
  registerKeeper: Pick<Organisation, 'oid' | 'name' | 'registerKeeper'>;
  signature?: StoredProfessionalSignature;
}

/** The provenance of a document version (newest when `version` is not given); a read of the document, logged as one. */
export function readDocumentProvenance(
  deps: ArchiveDeps,
  identity: Identity,
  setId: string,
  version?: number,
): Promise<DocumentProvenanceFacts> {
  return inLoggedTransaction(deps, async (tx) => {
    const head = await locateSet(tx, setId);
    if (!head) throw new ArkkiError('not-found', [issue('target', 'not-found', `document set ${setId} is not in the archive`)]);
    const versions = await getSetHistory(tx, head.registerKeeperOid, head.clientKey, setId);
    const doc = version === undefined ? versions[0] : versions.find((d) => d.version === version);
    if (!doc) throw new ArkkiError('not-found', [issue('target', 'not-found', `document set ${setId} has no version ${version}`)]);
    await authorise(tx, deps, identity, 'read', 'read', [doc]);
    const org = await getOrganisation(tx, doc.registerKeeper);
    const signature = await getProfessionalSignature(tx, doc);
    return {
      doc,
      // A register keeper missing from the register still has its OID; its kind defaults to public (the profile needs one).
      registerKeeper: org ?? { oid: doc.registerKeeper, name: { fi: doc.registerKeeper }, registerKeeper: 'public' },
      ...(signature ? { signature } : {}),
    };
  });
}
