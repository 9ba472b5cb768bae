// A new document starts with what the system already knows: the client's name and henkilötunnus in the
// structure's client part and the author's name in its author part, when the structure has those fields.
// Contact data is never prefilled (turvakielto is judged where it is shown, and the professional decides).
import type { FieldDef, StructureDefinition } from '../../../lib/structures/definition.ts';
import type { ClientRecord } from '../../domain/client.ts';
import type { Content } from './form-content.ts';

const child = (f: FieldDef | undefined, key: string) => f?.fields.find((x) => x.key === key);

function person(part: FieldDef | undefined, values: Record<string, unknown>): Content | undefined {
  if (!part) return undefined;
  const out: Content = {};
  for (const [key, value] of Object.entries(values)) if (child(part, key) && value !== undefined) out[key] = value;
  if (Object.keys(out).length === 0) return undefined;
  return part.repeatable ? ([out] as unknown as Content) : out;
}

export function prefillContent(def: StructureDefinition, client: ClientRecord, author: { name: string }): Content {
  const top = (key: string) => def.fields.find((f) => f.key === key);
  const body: Content = {};
  const asiakas = person(top('asiakas'), {
    sukunimi: client.population.familyName,
    etunimet: client.population.givenNames,
    henkilotunnus: client.clientId.kind === 'hetu' ? { system: 'urn:oid:1.2.246.21', value: client.clientId.value } : undefined,
  });
  if (asiakas) body.asiakas = asiakas;
  const [given, ...family] = author.name.split(' ');
  const laatija = person(top('laatija'), { sukunimi: family.join(' ') || given, etunimet: family.length ? given : undefined });
  if (laatija) body.laatija = laatija;
  return { [def.rootKey]: body };
}
