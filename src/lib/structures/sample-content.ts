// Valid sample content for any structure, generated from its definition alone and deterministic for a
// seed: the same seed always gives the same JSON. Used by round-trip tests of every structure and for
// demo data. Identifiers are test identifiers only (henkilötunnus individual numbers 900–999).
// Demo content must read as one coherent (fictional) record, because testers read it as real: the client
// group names the document's own client, texts are Finnish sentences, dates run forward in field order (a
// start before its end) and end before the document was written, and no code is invented for a code set
// whose values arkki does not hold (such optional fields are left out).
import type { CodeSets } from '../codes/code-sets.ts';
import { HETU_SYSTEM } from '../identifiers/client-id.ts';
import { makeHetu } from '../identifiers/hetu.ts';
import type { FieldDef, StructureDefinition } from './definition.ts';
import { allowedCodes } from './leaf-values.ts';

export interface SampleOptions {
  seed?: number;
  /** `all`: every field, repeatable ones 1–2 times (default). `required`: only what validation demands. */
  fill?: 'all' | 'required';
  /** Codes of systems we hold are taken from these when the definition lists none. */
  codeSets?: CodeSets;
  /** The document's client: the content's client group (asiakas) names this person. */
  client?: { hetu: string; familyName?: string; givenNames?: string };
  /** YYYY-MM-DD: every date of the content falls before this day (the day the document was written). */
  before?: string;
}

/** mulberry32: small, fast and good enough for test data; never for anything secret. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Finnish texts with ä and ö (and names with å) on purpose: renderings and PDF text extraction must keep them
// intact. Content written in Finnish stays Finnish: no Swedish sentence in a Finnish field.
const TEXTS = [
  'Asiakkaan tilanne käsiteltiin yhteistyössä läheisten kanssa.',
  'Tuen tarve arvioidaan uudelleen kolmen kuukauden kuluttua.',
  'Perhe on sitoutunut sovittuihin tavoitteisiin; yhteydenpito jatkuu viikoittain.',
  'Asiakas toivoo, että tapaamiset järjestetään kotikäynteinä.',
  'Päätös perustuu sosiaalihuoltolain säännöksiin ja asiakkaan kuulemiseen.',
];
/** For text fields too short for a sentence. */
const SHORT_TEXTS = ['Ei muutoksia', 'Sovittu', 'Käsitelty', 'Jatkuu'];
const SURNAMES = ['Virtanen', 'Äijälä', 'Öhman', 'Åström', 'Mäkelä', 'Korhonen'];
const GIVEN = ['Aino', 'Väinö', 'Elsa Marjatta', 'Jöns', 'Eetu', 'Sanni'];
const UNITS: Record<string, string> = { amount: 'EUR', measure: 'm2', percent: '%' };

const DAY = 86_400_000;

class Generator {
  private readonly next: () => number;
  /** The next date handed out (ms): dates run forward through the content, never reaching `before`. */
  private day: number;
  private readonly lastDay: number;
  constructor(private readonly options: SampleOptions) {
    this.next = random(options.seed ?? 1);
    this.lastDay = Date.parse(options.before ?? '2026-01-01') - DAY;
    this.day = this.lastDay - (400 + this.int(600)) * DAY;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** Dates in field order: a start date comes before the end date that follows it. */
  date(): string {
    this.day = Math.min(this.lastDay, this.day + (1 + this.int(20)) * DAY);
    return new Date(this.day).toISOString().slice(0, 10);
  }

  /** A birth date for another person's henkilötunnus (not a date of the record's events). */
  birthDate(): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${1950 + this.int(60)}-${pad(1 + this.int(12))}-${pad(1 + this.int(28))}`;
  }

  /** A code field whose values arkki does not know: an invented code would read as data, so it is left out. */
  private unknownCode(f: FieldDef): boolean {
    if (f.type !== 'code') return false;
    const allowed = allowedCodes(f, this.options.codeSets);
    return !f.code?.fixedSystem && !(allowed && allowed.size > 0);
  }

  object(fields: readonly FieldDef[], depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const all = this.options.fill !== 'required';
    for (const f of fields) if ((all && !this.unknownCode(f)) || f.min > 0) out[f.key] = this.field(f, all, depth);
    if (depth === 0 && this.options.client) this.nameClient(fields, out);
    // The content must still satisfy the conditions the definition states (minimal content, left-out codes).
    for (const f of fields) {
      const rule = f.condition;
      if (rule?.kind === 'one-of' && !rule.fields.some((k) => k in out)) {
        const first = fields.find((x) => x.key === rule.fields[0])!;
        out[first.key] = this.field(first, false);
      }
    }
    for (const f of fields) {
      const rule = f.condition;
      if (rule?.kind !== 'required-if' || f.key in out) continue;
      const v = out[rule.field];
      const hit = (x: unknown) =>
        x === rule.equals || (typeof x === 'object' && x !== null && (x as { code?: unknown }).code === rule.equals);
      if (Array.isArray(v) ? v.some(hit) : hit(v)) out[f.key] = this.field(f, false);
    }
    return out;
  }

  /** The root's client group (asiakas) is the document's client: one person, with their own name and henkilötunnus. */
  private nameClient(fields: readonly FieldDef[], out: Record<string, unknown>): void {
    const client = this.options.client!;
    const group = fields.find((f) => f.key === 'asiakas' && (f.type === 'group' || f.type === 'heading'));
    if (!group || out[group.key] === undefined) return;
    const set = (o: unknown) => {
      if (typeof o !== 'object' || o === null) return;
      const person = o as Record<string, unknown>;
      for (const f of group.fields) {
        if (f.type === 'identifier' && f.identifierSystem === HETU_SYSTEM) person[f.key] = { system: HETU_SYSTEM, value: client.hetu };
        else if (f.type === 'name' && f.key === 'sukunimi' && client.familyName) person[f.key] = client.familyName;
        else if (f.type === 'name' && /etunimi|etunimet/.test(f.key) && client.givenNames) person[f.key] = client.givenNames;
      }
    };
    const value = out[group.key];
    // One client: a repeatable client group keeps only its first entry unless the structure demands more.
    if (Array.isArray(value)) {
      set(value[0]);
      if (group.min <= 1) out[group.key] = value.slice(0, 1);
    } else set(value);
  }

  field(f: FieldDef, all: boolean, depth = 0): unknown {
    if (!f.repeatable) return this.value(f, depth);
    const upper = f.max ?? Infinity;
    const count = Math.min(upper, Math.max(f.min, all ? 1 + this.int(2) : f.min, 1));
    return Array.from({ length: count }, () => this.value(f, depth));
  }

  value(f: FieldDef, depth = 0): unknown {
    switch (f.type) {
      case 'heading':
      case 'group':
        return this.object(f.fields, depth + 1);
      case 'text':
        return this.text(f);
      case 'name':
        return this.pick(/etunimi|etunimet/.test(f.key) ? GIVEN : SURNAMES);
      case 'signature':
        return 'Allekirjoitettu käsin';
      case 'phrase':
        return f.phrase!.fi;
      case 'date':
        return this.date();
      case 'datetime':
        return `${this.date()}T${String(8 + this.int(9)).padStart(2, '0')}:${String(this.int(60)).padStart(2, '0')}:00+02:00`;
      case 'boolean':
        return this.next() < 0.5;
      case 'integer':
        return this.int(21);
      case 'decimal':
        return this.int(1000) / 4;
      case 'code':
        return this.code(f);
      case 'identifier':
        return this.identifier(f);
      default:
        return { value: this.int(2000) / 2, code: UNITS[f.type] ?? '1' };
    }
  }

  text(f: FieldDef): string {
    const t = this.pick(TEXTS);
    if (f.maxLength === undefined || t.length <= f.maxLength) return t;
    const short = SHORT_TEXTS.find((x) => x.length <= f.maxLength!);
    return short ?? t.slice(0, f.maxLength);
  }

  code(f: FieldDef): { system: string; code: string; display: string } {
    const binding = f.code ?? {};
    const allowed = allowedCodes(f, this.options.codeSets);
    const code = allowed && allowed.size > 0 ? this.pick([...allowed]) : String(1 + this.int(9));
    const system = binding.fixedSystem ?? (binding.system ? `urn:oid:${binding.system}` : `local:${f.path}`);
    const display =
      binding.values?.find((v) => v.code === code)?.display?.fi ??
      this.options.codeSets?.findBySystem(system, code)?.entry.display.fi ??
      // Only a mandatory field of a code set arkki does not hold gets here: say so rather than invent a name.
      'Koodiston arvo ei ole saatavilla';
    return { system, code, display };
  }

  identifier(f: FieldDef): { system?: string; value: string } {
    if (f.identifierSystem === HETU_SYSTEM) return { system: HETU_SYSTEM, value: makeHetu(this.birthDate(), 900 + this.int(100)) };
    const value = `1.2.246.10.${1000000 + this.int(8999999)}.${1 + this.int(99)}`;
    return f.identifierSystem ? { system: f.identifierSystem, value } : { value };
  }
}

/** Sample content `{ <rootKey>: {...} }` that validates against `definition` with no issues. */
export function sampleContent(definition: StructureDefinition, options: SampleOptions = {}): Record<string, unknown> {
  return { [definition.rootKey]: new Generator(options).object(definition.fields) };
}
