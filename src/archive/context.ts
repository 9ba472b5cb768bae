import type { Db } from '../lib/db/db.ts';
import type { Config } from '../lib/config.ts';
import type { CodeSets } from '../lib/codes/code-sets.ts';
import type { Authenticator } from '../lib/identity/identity.ts';

/** Everything the archive's adapters need, built once in main.ts and passed down (no globals). */
export interface ArchiveContext {
  db: Db;
  config: Pick<Config, 'mode' | 'maxBodyBytes'>;
  codeSets: CodeSets;
  authenticate: Authenticator;
  /** Injected clock so services and tests agree on "now". */
  now: () => Date;
}
