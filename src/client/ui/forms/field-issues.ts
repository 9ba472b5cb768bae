// validateContent's issues as the generated form shows them: each at the field (or part) its path names,
// in the user's language. Pure. validateContent speaks to developers in English; a social worker reads
// the rule in her own words, with the field's own label.
import type { Issue } from '../../../lib/errors.ts';
import type { FieldDef, LocalText, StructureDefinition } from '../../../lib/structures/definition.ts';
import { defineMessages, type Lang } from '../../../lib/ui/i18n.ts';

const messages = defineMessages({
  fi: {
    required: 'Pakollinen tieto puuttuu.',
    'conditional-required': 'Tieto on pakollinen tässä tilanteessa: {note}',
    'one-of': 'Anna vähintään yksi näistä: {names}.',
    'date-format': 'Anna päivämäärä muodossa 1.12.2026 tai 2026-12-01.',
    'datetime-format': 'Anna päivämäärä (1.12.2026) tai aika muodossa 2026-12-01T13:45:00+02:00.',
    number: 'Anna luku.',
    integer: 'Anna kokonaisluku (0 tai suurempi).',
    'code-unknown': 'Valitse arvo luettelosta.',
    'identifier-format': 'Tunnus ei kelpaa: {detail}',
    cardinality: 'Arvojen määrä ei kelpaa: {detail}',
    unit: 'Yksikkö puuttuu.',
    other: 'Arvo ei kelpaa: {detail}',
  },
  sv: {
    required: 'Obligatorisk uppgift saknas.',
    'conditional-required': 'Uppgiften är obligatorisk i denna situation: {note}',
    'one-of': 'Ange minst en av dessa: {names}.',
    'date-format': 'Ange datumet i formen 1.12.2026 eller 2026-12-01.',
    'datetime-format': 'Ange ett datum (1.12.2026) eller en tid i formen 2026-12-01T13:45:00+02:00.',
    number: 'Ange ett tal.',
    integer: 'Ange ett heltal (0 eller större).',
    'code-unknown': 'Välj ett värde i listan.',
    'identifier-format': 'Beteckningen duger inte: {detail}',
    cardinality: 'Antalet värden duger inte: {detail}',
    unit: 'Enheten saknas.',
    other: 'Värdet duger inte: {detail}',
  },
  en: {
    required: 'This is required.',
    'conditional-required': 'Required in this situation: {note}',
    'one-of': 'Give at least one of: {names}.',
    'date-format': 'Give the date as 1.12.2026 or 2026-12-01.',
    'datetime-format': 'Give a date (1.12.2026) or a time as 2026-12-01T13:45:00+02:00.',
    number: 'Give a number.',
    integer: 'Give a whole number (0 or more).',
    'code-unknown': 'Choose a value from the list.',
    'identifier-format': 'The identifier is not valid: {detail}',
    cardinality: 'The number of values is not valid: {detail}',
    unit: 'The unit is missing.',
    other: 'The value is not valid: {detail}',
  },
});

/** A structure text in the UI's language: Swedish where the structure has it, else Finnish (the structures have no English). */
export function localText(t: LocalText | undefined, lang: Lang): string {
  if (!t) return '';
  return (lang === 'sv' ? t.sv : undefined) ?? t.fi;
}

export const fieldLabel = (f: FieldDef, lang: Lang): string => localText(f.title ?? f.label, lang);

/** The content path without list indices: the definition's key path. */
const keyPath = (path: string) => path.replace(/\[\d+\]/g, '');

/** The path of the form's input (or part) an issue belongs to: value-internal parts (`.code`, `.value`, …) go to their field. */
export function inputPathOf(def: StructureDefinition, issuePath: string): string {
  if (def.byPath.has(keyPath(issuePath))) return issuePath;
  const m = /^(.*)\.(code|value|display|system)$/.exec(issuePath);
  if (m && def.byPath.has(keyPath(m[1]!))) {
    const field = def.byPath.get(keyPath(m[1]!))!;
    // A quantity has its own inputs for the number and the unit.
    return field.type === 'amount' || field.type === 'measure' || field.type === 'percent' ? issuePath : m[1]!;
  }
  return issuePath;
}

export interface FieldIssue {
  /** Input (or part) path the message is shown at. */
  path: string;
  message: string;
  rule: string;
}

/** Each issue in the user's words, at its input's path. */
export function fieldIssues(def: StructureDefinition, issues: readonly Issue[], lang: Lang): FieldIssue[] {
  const t = messages(lang);
  return issues.map((i) => {
    const path = inputPathOf(def, i.field);
    const field = def.byPath.get(keyPath(path)) ?? def.byPath.get(keyPath(path.replace(/\.(code|value)$/, '')));
    const detail = i.message;
    let message: string;
    switch (i.rule) {
      case 'required':
        message = path.endsWith('.code') && field && field.type !== 'code' ? t('unit') : t('required');
        break;
      case 'conditional-required': {
        const rule = field?.condition;
        if (rule?.kind === 'one-of') {
          const parent = keyPath(path).split('.').slice(0, -1).join('.');
          const names = rule.fields.map((k) => {
            const f = def.byPath.get(`${parent}.${k}`);
            return f ? fieldLabel(f, lang) : k;
          });
          message = t('one-of', { names: names.join(', ') });
        } else message = t('conditional-required', { note: localText(field?.note, lang) || detail });
        break;
      }
      case 'date-format':
        message = field?.type === 'datetime' ? t('datetime-format') : t('date-format');
        break;
      case 'type':
        message =
          field?.type === 'integer'
            ? t('integer')
            : field?.type === 'decimal' || path.endsWith('.value')
              ? t('number')
              : t('other', { detail });
        break;
      case 'code-unknown':
        message = t('code-unknown');
        break;
      case 'identifier-format':
        message = t('identifier-format', { detail });
        break;
      case 'cardinality':
        message = t('cardinality', { detail });
        break;
      default:
        message = t('other', { detail });
    }
    return { path, message, rule: i.rule };
  });
}

/** The issues by the path they are shown at. */
export function issuesByPath(issues: readonly FieldIssue[]): Map<string, FieldIssue[]> {
  const out = new Map<string, FieldIssue[]>();
  for (const i of issues) out.set(i.path, [...(out.get(i.path) ?? []), i]);
  return out;
}
