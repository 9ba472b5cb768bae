// The professional e-signature step of signed-CDA ingest (docs/e-signature.md): a decision may come with
// the professional's detached XAdES signature over the unsigned CDA. It is checked after the system
// signature, header and XSD, over exactly what the system signature covers, with the same trust and
// receipt time; an accepted signature rides on the submission so storeDocuments writes it in the
// document's own transaction, and a refused one refuses the whole document.
import { ArkkiError } from '../../lib/errors.ts';
import { clientKey } from '../../lib/identifiers/client-id.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import type { ArchiveDeps } from './deps.ts';
import type { Prepared, PreparedCda } from './cda-prepared.ts';
import { checkProfessionalSignature } from './professional-signatures.ts';

export async function withProfessionalSignature(
  deps: ArchiveDeps,
  prepared: PreparedCda,
  signatureXml: Buffer,
  signedXml: string,
  at: { trust: CertificateTrust; now: Date },
): Promise<Prepared> {
  const m = prepared.submission.metadata;
  const check = await checkProfessionalSignature(deps, {
    signatureXml,
    signedXml,
    at,
    doc: { registerKeeper: m.registerKeeper, clientKey: clientKey(m.client), documentId: m.documentId, author: m.author },
  });
  if (!check.ok) return { ok: false, error: new ArkkiError('invalid', [check.issue]), metadata: m };
  return { ...prepared, submission: { ...prepared.submission, professionalSignature: check.row } };
}
