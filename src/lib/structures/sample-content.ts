// Valid sample content for any structure, generated from its definition alone and deterministic for a
// seed: the same seed always gives the same JSON. Used by round-trip tests of every structure and for
// demo data. Identifiers are test identifiers only (henkilötunnus individual numbers 900–999).
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

// Texts carry å, ä and ö on purpose: renderings and PDF text extraction must keep them intact.
const TEXTS = [
  'Asiakkaan tilanne käsiteltiin yhteistyössä läheisten kanssa.',
  'Tuen tarve arvioidaan uudelleen kolmen kuukauden kuluttua.',
  'Perhe on sitoutunut sovittuihin tavoitteisiin; yhteydenpito jatkuu viikoittain.',
  'Klienten önskar att mötet hålls på svenska i Åbo.',
  'Päätös perustuu sosiaalihuoltolain säännöksiin ja asiakkaan kuulemiseen.',
];
const SURNAMES = ['Virtanen', 'Äijälä', 'Öhman', 'Åström', 'Mäkelä', 'Korhonen'];
const GIVEN = ['Aino', 'Väinö', 'Elsa Marjatta', 'Jöns', 'Eetu', 'Sanni'];
const UNITS: Record<string, string> = { amount: 'EUR', measure: 'm2', percent: '%' };

class Generator {
  private readonly next: () => number;
  constructor(private readonly options: SampleOptions) {
    this.next = random(options.seed ?? 1);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  date(): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${2019 + this.int(7)}-${pad(1 + this.int(12))}-${pad(1 + this.int(28))}`;
  }

  object(fields: readonly FieldDef[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const all = this.options.fill !== 'required';
    for (const f of fields) if (all || f.min > 0) out[f.key] = this.field(f, all);
    if (all) return out;
    // Minimal content must still satisfy the conditions the definition states.
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

  field(f: FieldDef, all: boolean): unknown {
    if (!f.repeatable) return this.value(f);
    const upper = f.max ?? Infinity;
    const count = Math.min(upper, Math.max(f.min, all ? 1 + this.int(2) : f.min, 1));
    return Array.from({ length: count }, () => this.value(f));
  }

  value(f: FieldDef): unknown {
    switch (f.type) {
      case 'heading':
      case 'group':
        return this.object(f.fields);
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
    const t = `${f.label.fi}: ${this.pick(TEXTS)}`;
    return f.maxLength !== undefined ? t.slice(0, f.maxLength) : t;
  }

  code(f: FieldDef): { system: string; code: string; display: string } {
    const binding = f.code ?? {};
    const allowed = allowedCodes(f, this.options.codeSets);
    const code = allowed && allowed.size > 0 ? this.pick([...allowed]) : String(1 + this.int(9));
    const system = binding.fixedSystem ?? (binding.system ? `urn:oid:${binding.system}` : `local:${f.path}`);
    const display =
      binding.values?.find((v) => v.code === code)?.display?.fi ??
      this.options.codeSets?.findBySystem(system, code)?.entry.display.fi ??
      `Näytekoodi ${code}`;
    return { system, code, display };
  }

  identifier(f: FieldDef): { system?: string; value: string } {
    if (f.identifierSystem === HETU_SYSTEM) return { system: HETU_SYSTEM, value: makeHetu(this.date(), 900 + this.int(100)) };
    const value = `1.2.246.10.${1000000 + this.int(8999999)}.${1 + this.int(99)}`;
    return f.identifierSystem ? { system: f.identifierSystem, value } : { value };
  }
}

/** Sample content `{ <rootKey>: {...} }` that validates against `definition` with no issues. */
export function sampleContent(definition: StructureDefinition, options: SampleOptions = {}): Record<string, unknown> {
  return { [definition.rootKey]: new Generator(options).object(definition.fields) };
}
