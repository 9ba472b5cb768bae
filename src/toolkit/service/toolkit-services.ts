// The toolkit's use cases over its own store and the archive's public API, wired once at start-up.
import type { ArchiveApi } from '../../lib/archive-api/index.ts';
import type { Db } from '../../lib/db/db.ts';

export interface ToolkitDeps {
  db: Db;
  archive: ArchiveApi;
  now: () => Date;
  followUpTargetPercent: number;
  mode: 'demo' | 'production';
}

export interface ToolkitServices {
  deps: ToolkitDeps;
}

export function toolkitServices(deps: ToolkitDeps): ToolkitServices {
  return { deps };
}
