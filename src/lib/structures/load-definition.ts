// Checks a parsed structure file and fills in the defaults the file leaves out. A file comes from a data
// folder anyone may drop files into, so every shape the code relies on is checked here, once.
import { ArkkiError, issue, type Issue } from '../errors.ts';
import {
  FIELD_TYPES,
  STRUCTURE_FORMAT,
  isContainer,
  type FieldDef,
  type FieldFile,
  type StructureDefinition,
  type StructureFile,
} from './definition.ts';

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEY = /^[\p{L}\p{N}_/-]+$/u;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isLocalText = (v: unknown) => isObject(v) && isText(v.fi) && (v.sv === undefined || typeof v.sv === 'string');

function checkFields(list: unknown, at: string, bad: (field: string, message: string) => void): void {
  if (!Array.isArray(list)) return bad(at, 'must be an array of fields');
  const keys = new Set<string>();
  list.forEach((f, i) => {
    const p = `${at}[${i}]`;
    if (!isObject(f)) return bad(p, 'must be an object');
    if (typeof f.key !== 'string' || !KEY.test(f.key)) bad(`${p}.key`, 'must be a JSON property name');
    else if (keys.has(f.key)) bad(`${p}.key`, `'${f.key}' appears twice in the same object`);
    else keys.add(f.key);
    if (!Number.isInteger(f.row)) bad(`${p}.row`, 'must be an integer');
    if (!FIELD_TYPES.includes(f.type as never)) bad(`${p}.type`, `must be one of ${FIELD_TYPES.join(', ')}`);
    if (!isLocalText(f.label)) bad(`${p}.label`, 'must be {fi, sv?}');
    for (const k of ['min', 'max', 'maxLength'] as const) {
      if (f[k] !== undefined && !(Number.isInteger(f[k]) && (f[k] as number) >= 0)) bad(`${p}.${k}`, 'must be a whole number');
    }
    if (f.max !== undefined && f.repeatable !== true) bad(`${p}.max`, 'only a repeatable field has a maximum');
    if (isContainer(f as { type: never })) checkFields(f.fields, `${p}.fields`, bad);
    else if (f.fields !== undefined) bad(`${p}.fields`, `a ${String(f.type)} field has no child fields`);
    if (f.type === 'code' && !isObject(f.code)) bad(`${p}.code`, 'a code field needs its code binding');
    if (f.type === 'phrase' && !isLocalText(f.phrase)) bad(`${p}.phrase`, 'a phrase field needs its text');
    if (isObject(f.code) && f.code.system !== undefined && !(typeof f.code.system === 'string' && OID.test(f.code.system))) {
      bad(`${p}.code.system`, 'must be an OID');
    }
  });
  // Conditions name siblings: a rule pointing elsewhere would silently never fire.
  list.forEach((f, i) => {
    const rule = isObject(f) && isObject(f.condition) ? f.condition : undefined;
    if (!rule) return;
    const named =
      rule.kind === 'one-of' && Array.isArray(rule.fields) ? rule.fields : rule.kind === 'required-if' ? [rule.field] : undefined;
    if (!named) return bad(`${at}[${i}].condition`, "kind must be 'one-of' or 'required-if'");
    for (const k of named)
      if (typeof k !== 'string' || !keys.has(k))
        bad(`${at}[${i}].condition`, `names '${String(k)}', which is not a field of the same object`);
  });
}

/** Checks a parsed file; all problems at once, each prefixed with `source` (the file name). */
export function parseStructureFile(value: unknown, source: string): StructureFile {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push(issue(`${source}: ${field}`, 'structure-file', message));
  if (!isObject(value)) throw new ArkkiError('invalid', [issue(source, 'structure-file', 'must be a JSON object')]);
  if (value.format !== STRUCTURE_FORMAT) bad('format', `must be '${STRUCTURE_FORMAT}'`);
  for (const k of ['oid', 'codeSystem'] as const)
    if (typeof value[k] !== 'string' || !OID.test(value[k] as string)) bad(k, 'must be an OID');
  if (!isText(value.code)) bad('code', 'must be the document-type code');
  if (typeof value.version !== 'string' || !DATE.test(value.version)) bad('version', 'must be a date YYYY-MM-DD');
  if (!isLocalText(value.name)) bad('name', 'must be {fi, sv?}');
  if (!isText(value.kind)) bad('kind', 'must be a non-empty string');
  if (typeof value.rootKey !== 'string' || !KEY.test(value.rootKey)) bad('rootKey', 'must be a JSON property name');
  if (!isObject(value.source)) bad('source', 'must say where the definition comes from');
  if (!isObject(value.codeSystems)) bad('codeSystems', 'must be an object keyed by OID');
  checkFields(value.fields, 'fields', bad);
  if (issues.length > 0) throw new ArkkiError('invalid', issues.slice(0, 50));
  return value as unknown as StructureFile;
}

function resolveField(f: FieldFile, parentPath: string, byPath: Map<string, FieldDef>): FieldDef {
  const { min, max, repeatable, conditional, fields, ...rest } = f;
  const path = `${parentPath}.${f.key}`;
  const def: FieldDef = {
    ...rest,
    path,
    min: min ?? 0,
    repeatable: repeatable === true,
    max: repeatable ? (max ?? null) : 1,
    conditional: conditional === true,
    fields: [],
  };
  byPath.set(path, def);
  def.fields = (fields ?? []).map((c) => resolveField(c, path, byPath));
  return def;
}

/** A checked file as the definition code works with: defaults filled in, every field indexed by path. */
export function resolveStructure(file: StructureFile): StructureDefinition {
  const byPath = new Map<string, FieldDef>();
  const { fields, ...rest } = file;
  return { ...rest, fields: fields.map((f) => resolveField(f, file.rootKey, byPath)), byPath };
}

export function loadStructure(value: unknown, source: string): StructureDefinition {
  return resolveStructure(parseStructureFile(value, source));
}
