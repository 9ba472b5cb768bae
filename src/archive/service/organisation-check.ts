import type { Queryable } from '../../lib/db/db.ts';
import { issue, type Issue } from '../../lib/errors.ts';
import { getOrganisations } from '../store/organisation-store.ts';
import { isActive, type Organisation } from '../domain/organisation.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';

/** Looks up every organisation OID a batch names once. */
export async function loadOrganisations(q: Queryable, metas: DocumentMetadata[]): Promise<Map<string, Organisation>> {
  const oids = new Set<string>();
  for (const m of metas) {
    oids.add(m.registerKeeper);
    oids.add(m.serviceProvider);
    oids.add(m.serviceUnit);
    if (m.clienthood?.serviceUnit) oids.add(m.clienthood.serviceUnit);
  }
  return getOrganisations(q, [...oids]);
}

/** The organisations a document names must be in the organisation register and valid when it was completed. */
export function checkOrganisations(m: DocumentMetadata, orgs: ReadonlyMap<string, Organisation>): Issue[] {
  const out: Issue[] = [];
  const day = finnishDay(m.completed);
  const known = (field: string, oid: string, label: string): Organisation | undefined => {
    const org = orgs.get(oid);
    if (!org) out.push(issue(field, 'organisation-unknown', `${label} ${oid} is not in the organisation register`));
    else if (!isActive(org, day))
      out.push(issue(field, 'organisation-inactive', `${label} ${oid} (${org.name.fi}) was not valid on ${day}`));
    return org;
  };
  const rk = known('registerKeeper', m.registerKeeper, 'register keeper');
  if (rk && !rk.registerKeeper)
    out.push(issue('registerKeeper', 'not-register-keeper', `${m.registerKeeper} (${rk.name.fi}) is not a register keeper`));
  known('serviceProvider', m.serviceProvider, 'service provider');
  const unit = known('serviceUnit', m.serviceUnit, 'service unit');
  if (unit && unit.kind !== 'service-unit')
    out.push(issue('serviceUnit', 'not-service-unit', `${m.serviceUnit} (${unit.name.fi}) is not a service unit`));
  if (m.clienthood?.serviceUnit) known('clienthood.serviceUnit', m.clienthood.serviceUnit, 'clienthood service unit');
  return out;
}
