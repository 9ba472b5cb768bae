import type { Db } from '../lib/db/db.ts';
import type { ArchiveConfig } from './config.ts';
import type { CodeSets } from '../lib/codes/code-sets.ts';
import type { Authenticator, Identity } from '../lib/identity/identity.ts';
import type { CertificateTrust } from '../lib/pki/trust.ts';
import type { RetentionRules } from '../lib/metadata/retention.ts';
import type { ArchiveDeps } from './service/deps.ts';

/** Everything the archive's adapters need, built once in main.ts and passed down (no globals). */
export interface ArchiveContext {
  db: Db;
  config: Pick<ArchiveConfig, 'mode' | 'maxBodyBytes'> & Partial<Pick<ArchiveConfig, 'specialReasonEndHour' | 'verifyWorkers'>>;
  codeSets: CodeSets;
  retention: RetentionRules;
  authenticate: Authenticator;
  /** Demo mode: the users the demo authenticator accepts (listed at /demo/users). */
  demoUsers?: Identity[];
  /** Injected clock so services and tests agree on "now". */
  now: () => Date;
  /** Trust for system signatures on incoming CDA (production: the PKI's CAs and CRLs; demo: the demo PKI). */
  signatureTrust?: () => CertificateTrust;
}

export function depsOf(ctx: ArchiveContext): ArchiveDeps {
  return {
    db: ctx.db,
    codeSets: ctx.codeSets,
    retention: ctx.retention,
    maxBodyBytes: ctx.config.maxBodyBytes,
    now: ctx.now,
    signatureTrust: ctx.signatureTrust,
    specialReasonEndHour: ctx.config.specialReasonEndHour,
    verifyWorkers: ctx.config.verifyWorkers,
  };
}
