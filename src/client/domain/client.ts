// A client as the client system records them: who (henkilötunnus or temporary id), the population data
// and the turvakielto mark. Pure: the store and the service decide when it is written.
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import { clientKey, validateClientId } from '../../lib/identifiers/client-id.ts';
import type { Issue } from '../../lib/errors.ts';

export interface PopulationData {
  familyName: string;
  givenNames: string;
  /** Street address, postal code and post office as one line; contact data hidden under turvakielto. */
  address?: string;
  /** Home municipality code (kunta, code set municipalities). */
  municipality?: string;
  /** Turvakielto: address and other contact data never shown nor exported (domain README §2). */
  turvakielto: boolean;
}

export interface ClientRecord {
  registerKeeperOid: string;
  clientKey: string;
  clientId: ClientId;
  population: PopulationData;
}

export function validateClient(clientId: ClientId, p: PopulationData): Issue[] {
  const issues: Issue[] = validateClientId(clientId).map((message) => ({ field: 'clientId', rule: 'invalid', message }));
  if (!p.familyName.trim()) issues.push({ field: 'familyName', rule: 'required', message: 'sukunimi puuttuu' });
  if (!p.givenNames.trim()) issues.push({ field: 'givenNames', rule: 'required', message: 'etunimet puuttuvat' });
  if (p.municipality !== undefined && !/^\d{3}$/.test(p.municipality)) {
    issues.push({ field: 'municipality', rule: 'invalid', message: 'kuntakoodi on kolme numeroa' });
  }
  return issues;
}

export function clientRecord(registerKeeperOid: string, clientId: ClientId, population: PopulationData): ClientRecord {
  return { registerKeeperOid, clientKey: clientKey(clientId), clientId, population };
}

/** What a page or an export may show of the client's contact data: nothing when turvakielto is set. */
export function shownContactData(p: PopulationData): { address?: string; municipality?: string } | 'turvakielto' {
  if (p.turvakielto) return 'turvakielto';
  return { ...(p.address ? { address: p.address } : {}), ...(p.municipality ? { municipality: p.municipality } : {}) };
}
