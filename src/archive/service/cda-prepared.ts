import type { ArkkiError } from '../../lib/errors.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { SystemSigner } from '../../lib/xml/verify-signature.ts';
import type { CdaHeader } from './cda-verify.ts';
import type { Submission } from './store-documents.ts';

// A signed CDA submission after verification and parsing, before it is stored.

/** A CDA document that passed every check before storage, as the submission storeDocuments archives. */
export interface PreparedCda {
  ok: true;
  submission: Submission;
  signer: SystemSigner;
  phase: CdaHeader['bodyKind'];
}

/** A refused one; `metadata` is the signed header's when the archive got that far (for the refusal row). */
export type Prepared = PreparedCda | { ok: false; error: ArkkiError; metadata?: DocumentMetadata };
