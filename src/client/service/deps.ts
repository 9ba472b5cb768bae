// What the client system's use cases run on: its own database, the organisation it records for, a clock
// and an id minter. No archive here: the use cases only fill the load queue; the queue talks to the archive.
import type { Db } from '../../lib/db/db.ts';
import type { Organisation, RecordDefaults } from '../domain/archive-metadata.ts';

export type OidKind = 'document' | 'set' | 'case' | 'clienthood';

export interface ClientSystemDeps {
  db: Db;
  organisation: Organisation;
  defaults: RecordDefaults;
  now: () => Date;
  newOid: (kind: OidKind) => string;
}
