// What the workbench's pages run on: the client system (its use cases, database and archive client), the
// structure definitions and code sets its forms are generated from, and the organisation's facts.
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { RetentionRules } from '../../lib/metadata/retention.ts';
import type { StructureRegistry } from '../../lib/structures/registry.ts';
import type { ClientSystem } from '../start.ts';
import type { ClientHandles } from './client-handles.ts';
import type { WorkbenchUser } from './users.ts';

export interface ServiceUnit {
  oid: string;
  name: { fi: string; sv?: string; en?: string };
}

export interface WorkbenchDeps {
  /** The client system's use cases and reads; not its database handle (pages read through `reads`). */
  system: Omit<ClientSystem, 'db'>;
  mode: 'demo' | 'production';
  registerKeeperOid: string;
  structures: StructureRegistry;
  codeSets: CodeSets;
  retention: RetentionRules;
  users: WorkbenchUser[];
  serviceUnits: ServiceUnit[];
  handles: ClientHandles;
  now: () => Date;
  /** Work list: finished but unlocked documents older than this many days. */
  staleAfterDays: number;
}
