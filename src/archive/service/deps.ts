import type { Db } from '../../lib/db/db.ts';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import type { RetentionRules } from '../../lib/metadata/retention.ts';

/** What the archive's use cases need; built once at start-up. */
export interface ArchiveDeps {
  db: Db;
  codeSets: CodeSets;
  retention: RetentionRules;
  maxBodyBytes: number;
  now: () => Date;
  /** Roots, intermediates and current CRLs for system signatures on CDA documents (a function: CRLs are reloaded). */
  signatureTrust?: () => CertificateTrust;
  /** Special reason valid until this hour, Finnish time (config ARKKI_SPECIAL_REASON_END_HOUR); default 16. */
  specialReasonEndHour?: number;
  /** Signature-verification workers for batches (config ARKKI_VERIFY_WORKERS; 0 = in-process). */
  verifyWorkers?: number;
}
