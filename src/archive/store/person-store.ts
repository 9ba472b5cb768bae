import type { Queryable } from '../../lib/db/db.ts';
import { insertRows } from '../../lib/db/insert-rows.ts';
import { clientKey, type ClientId } from '../../lib/identifiers/client-id.ts';
import { parseHetu } from '../../lib/identifiers/hetu.ts';
import type { Person } from '../domain/person.ts';

// Population data (väestötiedot) of clients: the archive knows every client it holds documents of.

/** Turvakielto: address and contact data (and the home municipality, which reveals the area) are not disclosed. */
export function withoutContactData(p: Person): Person {
  const { contact: _hidden, ...rest } = p;
  return { ...rest, municipalityCode: null };
}

/** Makes sure each client has a person row (identifier only, until population data arrives). */
export async function ensurePersons(tx: Queryable, clients: ClientId[]): Promise<void> {
  const rows = new Map<string, unknown[]>();
  for (const c of clients) {
    const key = clientKey(c);
    if (rows.has(key)) continue;
    const hetu = c.kind === 'hetu' ? parseHetu(c.value) : null;
    rows.set(key, [key, c.kind, hetu && hetu.ok ? hetu.hetu.birthDate : null]);
  }
  await insertRows(tx, 'person', ['client_key', 'id_kind', 'birth_date'], [...rows.values()], 'ON CONFLICT (client_key) DO NOTHING');
}

/** Population data from the population register (demo data stands in for it). */
export async function upsertPerson(tx: Queryable, p: Person): Promise<void> {
  await tx.query(
    `INSERT INTO person (client_key, id_kind, family_name, given_names, birth_date, municipality_code, turvakielto, street_address, postal_code, post_office, phone, email)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
     ON CONFLICT (client_key) DO UPDATE SET family_name = EXCLUDED.family_name, given_names = EXCLUDED.given_names,
       birth_date = EXCLUDED.birth_date, municipality_code = EXCLUDED.municipality_code, turvakielto = EXCLUDED.turvakielto,
       street_address = EXCLUDED.street_address, postal_code = EXCLUDED.postal_code, post_office = EXCLUDED.post_office,
       phone = EXCLUDED.phone, email = EXCLUDED.email, updated_at = now()`,
    [
      p.clientKey,
      p.idKind,
      p.familyName,
      p.givenNames,
      p.birthDate,
      p.municipalityCode,
      p.turvakielto,
      p.contact?.streetAddress ?? null,
      p.contact?.postalCode ?? null,
      p.contact?.postOffice ?? null,
      p.contact?.phone ?? null,
      p.contact?.email ?? null,
    ],
  );
}

export async function getPerson(q: Queryable, key: string): Promise<Person | undefined> {
  type Row = {
    client_key: string;
    id_kind: 'hetu' | 'temporary';
    family_name: string | null;
    given_names: string | null;
    birth_date: string | null;
    municipality_code: string | null;
    turvakielto: boolean;
    street_address: string | null;
    postal_code: string | null;
    post_office: string | null;
    phone: string | null;
    email: string | null;
  };
  const r = await q.query<Row>(
    `SELECT client_key, id_kind, family_name, given_names, birth_date::text AS birth_date, municipality_code, turvakielto,
            street_address, postal_code, post_office, phone, email FROM person WHERE client_key = $1`,
    [key],
  );
  const x = r.rows[0];
  if (!x) return undefined;
  const contact = { streetAddress: x.street_address, postalCode: x.postal_code, postOffice: x.post_office, phone: x.phone, email: x.email };
  return {
    clientKey: x.client_key,
    idKind: x.id_kind,
    familyName: x.family_name,
    givenNames: x.given_names,
    birthDate: x.birth_date,
    municipalityCode: x.municipality_code,
    turvakielto: x.turvakielto,
    ...(Object.values(contact).some((v) => v !== null) ? { contact } : {}),
  };
}
