// Checks of single (non-container) values against their field definition. Value shapes follow the
// national JSON Schemas, so content that passes here is also valid JSON for the national structure.
import type { CodeSets } from '../codes/code-sets.ts';
import { issue, type Issue } from '../errors.ts';
import { HETU_SYSTEM } from '../identifiers/client-id.ts';
import { parseHetu } from '../identifiers/hetu.ts';
import type { FieldDef } from './definition.ts';

// Sosmeta dates may be partial (year, year-month) as in its schema pattern; the calendar is checked too.
const DATE = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const year = Number(m[1]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  const day = Number(m[3]);
  return day >= 1 && day <= days;
}

/** A date, or a full date with a time and a time zone (`2024-05-01T13:45:00+03:00`). */
export function isValidDateTime(value: string): boolean {
  const t = value.indexOf('T');
  if (t < 0) return isValidDate(value);
  const date = value.slice(0, t);
  return /^-?\d{4}-\d{2}-\d{2}$/.test(date) && isValidDate(date) && TIME.test(value.slice(t + 1));
}

/** What the code check needs to know about one code system in the loaded code sets. */
interface KnownSystem {
  partial: boolean;
  codes: Set<string>;
}
const systemCache = new WeakMap<CodeSets, Map<string, KnownSystem>>();

function knownSystems(codeSets: CodeSets): Map<string, KnownSystem> {
  let systems = systemCache.get(codeSets);
  if (systems) return systems;
  systems = new Map();
  for (const id of codeSets.ids()) {
    const set = codeSets.get(id)!;
    for (const e of set.entries) {
      const system = e.codeSystem ?? set.oid;
      if (!system) continue;
      const known = systems.get(system) ?? { partial: false, codes: new Set<string>() };
      known.partial ||= set.partial;
      known.codes.add(e.code);
      systems.set(system, known);
    }
  }
  systemCache.set(codeSets, systems);
  return systems;
}

/** The codes a code field may take, when they are known: the definition's list, else a full code set. */
export function allowedCodes(field: FieldDef, codeSets?: CodeSets): ReadonlySet<string> | undefined {
  const values = field.code?.values;
  if (values) return new Set(values.map((v) => v.code));
  const system = field.code?.system;
  const known = system && codeSets ? knownSystems(codeSets).get(system) : undefined;
  // A partial set (only the codes we have seen) cannot prove a code wrong.
  return known && !known.partial ? known.codes : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, out: Issue[]): void {
  for (const k of Object.keys(value))
    if (!allowed.includes(k))
      out.push(issue(`${path}.${k}`, 'unknown-field', `'${k}' is not part of this value (allowed: ${allowed.join(', ')})`));
}

function checkCode(field: FieldDef, value: unknown, path: string, out: Issue[], codeSets?: CodeSets): void {
  if (!isObject(value)) return void out.push(issue(path, 'type', `${field.label.fi} must be a coded value {system, code, display}`));
  checkKeys(value, ['system', 'code', 'display'], path, out);
  const { system, code, display } = value;
  const binding = field.code ?? {};
  if (!nonEmpty(code)) out.push(issue(`${path}.code`, 'required', 'the code is missing'));
  if (typeof display !== 'string') out.push(issue(`${path}.display`, 'required', 'the display text is missing'));
  if (typeof system !== 'string') out.push(issue(`${path}.system`, 'required', 'the code system is missing'));
  else if (binding.fixedSystem !== undefined && system !== binding.fixedSystem) {
    out.push(issue(`${path}.system`, 'code-system', `must be '${binding.fixedSystem}'`));
  } else if (
    binding.system &&
    system !== `urn:oid:${binding.system}` &&
    !new RegExp(`^urn:oid:${binding.system.replace(/\./g, '\\.')}(\\.\\d+)+$`).test(system)
  ) {
    out.push(issue(`${path}.system`, 'code-system', `must be urn:oid:${binding.system}, not '${system}'`));
  }
  if (!nonEmpty(code)) return;
  const allowed = allowedCodes(field, codeSets);
  if (allowed && !allowed.has(code)) {
    const where = binding.values ? `the codes this field allows (${[...allowed].join(', ')})` : `code system ${binding.system}`;
    out.push(issue(`${path}.code`, 'code-unknown', `code '${code}' is not in ${where}`));
  }
}

function checkIdentifier(field: FieldDef, value: unknown, path: string, out: Issue[]): void {
  if (!isObject(value)) return void out.push(issue(path, 'type', `${field.label.fi} must be an identifier {system?, value}`));
  checkKeys(value, ['system', 'value'], path, out);
  if (value.system !== undefined && typeof value.system !== 'string') out.push(issue(`${path}.system`, 'type', 'must be a string'));
  if (!nonEmpty(value.value)) return void out.push(issue(`${path}.value`, 'required', 'the identifier value is missing'));
  if (value.system === HETU_SYSTEM) {
    const hetu = parseHetu(value.value);
    if (!hetu.ok) out.push(issue(`${path}.value`, 'identifier-format', hetu.message));
  }
}

function checkQuantity(field: FieldDef, value: unknown, path: string, out: Issue[]): void {
  if (!isObject(value)) return void out.push(issue(path, 'type', `${field.label.fi} must be a quantity {value, code}`));
  checkKeys(value, ['value', 'code'], path, out);
  if (typeof value.value !== 'number' || !Number.isFinite(value.value)) out.push(issue(`${path}.value`, 'type', 'must be a number'));
  if (!nonEmpty(value.code)) out.push(issue(`${path}.code`, 'required', 'the unit is missing'));
}

function checkString(field: FieldDef, value: unknown, path: string, out: Issue[]): void {
  if (typeof value !== 'string') return void out.push(issue(path, 'type', `${field.label.fi} must be text`));
  if (field.min > 0 && value.trim() === '') out.push(issue(path, 'required', `${field.label.fi} is required and may not be empty`));
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    out.push(issue(path, 'max-length', `${field.label.fi} is ${value.length} characters; at most ${field.maxLength} allowed`));
  }
  if (field.type === 'date' && !isValidDate(value))
    out.push(issue(path, 'date-format', `'${value.slice(0, 40)}' is not a date YYYY-MM-DD (or YYYY-MM, YYYY)`));
  if (field.type === 'datetime' && !isValidDateTime(value)) {
    out.push(issue(path, 'date-format', `'${value.slice(0, 40)}' is not a date or a time YYYY-MM-DDThh:mm:ss with a time zone`));
  }
  if (field.type === 'phrase' && field.phrase && value !== field.phrase.fi && value !== field.phrase.sv) {
    out.push(issue(path, 'phrase', `${field.label.fi} must carry the fixed phrase of the structure`));
  }
}

/** Issues of one non-container value (one item of a repeatable field). */
export function checkLeaf(field: FieldDef, value: unknown, path: string, out: Issue[], codeSets?: CodeSets): void {
  switch (field.type) {
    case 'code':
      return checkCode(field, value, path, out, codeSets);
    case 'identifier':
      return checkIdentifier(field, value, path, out);
    case 'amount':
    case 'measure':
    case 'percent':
      return checkQuantity(field, value, path, out);
    case 'boolean':
      if (typeof value !== 'boolean') out.push(issue(path, 'type', `${field.label.fi} must be true or false`));
      return;
    case 'integer':
      if (!Number.isSafeInteger(value) || (value as number) < 0)
        out.push(issue(path, 'type', `${field.label.fi} must be a whole number ≥ 0`));
      return;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) out.push(issue(path, 'type', `${field.label.fi} must be a number`));
      return;
    default:
      return checkString(field, value, path, out);
  }
}
