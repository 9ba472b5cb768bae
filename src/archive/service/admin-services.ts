import type { CodeSetFile, CodeSets } from '../../lib/codes/code-sets.ts';
import type { Queryable } from '../../lib/db/db.ts';
import type { Organisation, OrganisationFilter, ImportResult } from '../domain/organisation.ts';
import type { RolesFile } from '../domain/access-roles.ts';
import {
  applyCodeMappings,
  listVersions,
  loadCurrentCodeSets,
  syncCodeSets,
  type CodeSetVersionInfo,
  type MappingResult,
  type SyncResult,
} from '../store/code-set-store.ts';
import { mappingTable, type CodeMappingFile } from '../../lib/codes/code-mappings.ts';
import { importOrganisations, listOrganisations } from '../store/organisation-store.ts';
import { allRoles } from '../store/role-store.ts';
import type { ArchiveDeps } from './deps.ts';
import { runLogMonitor, type MonitorRunOptions, type MonitorRunResult } from './log-monitoring.ts';
import { importRoles } from './roles.ts';
import { verifyUsageLog, type VerifyReport } from './verify-usage-log.ts';

// The operator's use cases (the `arkki` admin commands): loading the national registers and code sets,
// the organisations' role tables, running log monitoring and checking the log's hash chains. None of
// them reads a client's documents; what does (log export, alerts, the monthly report) goes through the
// identity-bound use cases like every other caller.

export interface AdminServices {
  syncCodeSets(files: CodeSetFile[]): Promise<SyncResult[]>;
  /** The mapping table against the current code sets, applied to stored metadata (after syncCodeSets). */
  applyCodeMappings(files: CodeMappingFile[]): Promise<MappingResult>;
  currentCodeSets(): Promise<CodeSets>;
  codeSetVersions(setId: string): Promise<CodeSetVersionInfo[]>;
  importOrganisations(list: readonly Organisation[]): Promise<ImportResult>;
  organisations(filter?: OrganisationFilter): Promise<Organisation[]>;
  importRoles(file: RolesFile): ReturnType<typeof importRoles>;
  roles(): ReturnType<typeof allRoles>;
  runLogMonitor(options?: MonitorRunOptions): Promise<MonitorRunResult[]>;
  verifyUsageLog(filter?: Parameters<typeof verifyUsageLog>[1], options?: Parameters<typeof verifyUsageLog>[2]): Promise<VerifyReport>;
}

export function adminServices(deps: () => ArchiveDeps): AdminServices {
  const db = () => deps().db;
  return {
    syncCodeSets: (files) => syncCodeSets(db(), files, deps().now()),
    applyCodeMappings: async (files) => applyCodeMappings(db(), files, mappingTable(files, await loadCurrentCodeSets(db())), deps().now()),
    currentCodeSets: () => loadCurrentCodeSets(db()),
    codeSetVersions: (setId) => listVersions(db(), setId),
    importOrganisations: (list) => importOrganisations(db(), list),
    organisations: (filter) => listOrganisations(db(), filter),
    importRoles: async (file) => importRoles(db(), await loadCurrentCodeSets(db()), file),
    roles: () => allRoles(db() as Queryable),
    runLogMonitor: (options) => runLogMonitor(deps(), options),
    verifyUsageLog: (filter, options) => verifyUsageLog(db(), filter, options),
  };
}
