// The organisation's service units (palveluyksiköt) as the organisation register of the demo data lists
// them: the units under the register keeper, for the clienthood and case forms.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ServiceUnit } from './workbench-deps.ts';

export const ORGANISATIONS_FILE = fileURLToPath(new URL('../../../data/demo/organisations.json', import.meta.url));

interface OrgRow {
  oid: string;
  name: ServiceUnit['name'];
  kind: string;
  parentOid?: string;
}

export async function loadServiceUnits(registerKeeperOid: string, file = ORGANISATIONS_FILE): Promise<ServiceUnit[]> {
  const rows = (JSON.parse(await readFile(file, 'utf8')) as { organisations: OrgRow[] }).organisations;
  const under = (oid: string): boolean => {
    const row = rows.find((r) => r.oid === oid);
    return !!row?.parentOid && (row.parentOid === registerKeeperOid || under(row.parentOid));
  };
  // The leaves: the units that record clients (not the departments grouping them).
  return rows
    .filter((r) => r.kind === 'service-unit' && under(r.oid) && !rows.some((c) => c.parentOid === r.oid))
    .map((r) => ({ oid: r.oid, name: r.name }));
}
