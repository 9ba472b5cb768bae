import { type ArchiveAdmin, openArchiveAdmin } from '../admin.ts';
import { loadArchiveConfig } from '../config.ts';

/** The archive the server would use (same environment settings), migrated, as the operator's use cases. */
export function openArchiveFromEnv(): Promise<ArchiveAdmin> {
  return openArchiveAdmin(loadArchiveConfig(process.env));
}
