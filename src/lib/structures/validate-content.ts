// Validation of structured content (the phase-2 JSON body) against its structure definition. Pure: no
// I/O; code sets are passed in. Issue paths are content paths, e.g. `asia_asiakirja.asiakas[0].sukunimi`.
// The walk follows the definition, not the content, so hostile nesting in the content cannot deepen it.
import type { CodeSets } from '../codes/code-sets.ts';
import { issue, type Issue } from '../errors.ts';
import { isContainer, type ConditionRule, type FieldDef, type StructureDefinition } from './definition.ts';
import { checkLeaf } from './leaf-values.ts';

export interface ValidateContentOptions {
  /** Code sets to check codes of systems we hold (full sets only) when the definition lists no codes. */
  codeSets?: CodeSets;
  /** Check the derived machine-readable conditions (default true). */
  conditions?: boolean;
  /** Stop after this many issues: broken or hostile content must not produce an unbounded list. */
  maxIssues?: number;
  /** Put in front of every path, e.g. `body`. */
  pathPrefix?: string;
}

class Full extends Error {}

class Collector {
  readonly issues: Issue[] = [];
  constructor(private readonly max: number) {}
  push(...found: Issue[]): void {
    for (const i of found) {
      if (this.issues.length >= this.max) throw new Full();
      this.issues.push(i);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined;

function describe(field: FieldDef): string {
  return `${field.label.fi} (${field.key})`;
}

/** Does the sibling named by a required-if rule have the value that makes this field required? */
function triggered(rule: Extract<ConditionRule, { kind: 'required-if' }>, object: Record<string, unknown>): boolean {
  const value = object[rule.field];
  const matches = (v: unknown) => (typeof rule.equals === 'boolean' ? v === rule.equals : isObject(v) && v.code === rule.equals);
  return Array.isArray(value) ? value.some(matches) : matches(value);
}

class Validator {
  constructor(
    private readonly out: Collector,
    private readonly options: ValidateContentOptions,
  ) {}

  object(fields: readonly FieldDef[], value: unknown, path: string, label: string): void {
    if (!isObject(value)) return this.out.push(issue(path, 'type', `${label} must be an object of fields`));
    const known = new Set(fields.map((f) => f.key));
    for (const k of Object.keys(value)) {
      if (!known.has(k)) this.out.push(issue(`${path}.${k}`, 'unknown-field', `'${k}' is not a field of ${label}`));
    }
    for (const f of fields) this.field(f, value[f.key], `${path}.${f.key}`);
    if (this.options.conditions !== false) this.conditions(fields, value, path);
  }

  field(field: FieldDef, value: unknown, path: string): void {
    if (!present(value)) {
      if (field.min > 0) this.out.push(issue(path, 'required', `${describe(field)} is required`));
      return;
    }
    if (!field.repeatable) {
      if (Array.isArray(value))
        return this.out.push(issue(path, 'cardinality', `${describe(field)} is not repeatable: give one value, not a list`));
      return this.value(field, value, path);
    }
    if (!Array.isArray(value)) return this.out.push(issue(path, 'type', `${describe(field)} is repeatable: give a list`));
    if (value.length < field.min) {
      const rule = value.length === 0 ? 'required' : 'cardinality';
      this.out.push(issue(path, rule, `${describe(field)} needs at least ${field.min} value(s), got ${value.length}`));
    }
    if (field.max !== null && value.length > field.max) {
      this.out.push(issue(path, 'cardinality', `${describe(field)} allows at most ${field.max} value(s), got ${value.length}`));
    }
    value.forEach((item, i) => this.value(field, item, `${path}[${i}]`));
  }

  value(field: FieldDef, value: unknown, path: string): void {
    if (isContainer(field)) return this.object(field.fields, value, path, describe(field));
    const found: Issue[] = [];
    checkLeaf(field, value, path, found, this.options.codeSets);
    this.out.push(...found);
  }

  conditions(fields: readonly FieldDef[], object: Record<string, unknown>, path: string): void {
    const reported = new Set<string>();
    for (const f of fields) {
      const rule = f.condition;
      if (!rule) continue;
      if (rule.kind === 'one-of') {
        const key = rule.fields.join('|');
        if (reported.has(key) || rule.fields.some((k) => present(object[k]))) continue;
        reported.add(key);
        const names = rule.fields
          .map((k) => fields.find((x) => x.key === k))
          .filter((x) => x !== undefined)
          .map(describe);
        this.out.push(issue(`${path}.${rule.fields[0]}`, 'conditional-required', `one of ${names.join(', ')} is required`));
      } else if (!present(object[f.key]) && triggered(rule, object)) {
        const when = typeof rule.equals === 'boolean' ? (rule.equals ? 'yes' : 'no') : `code ${rule.equals}`;
        this.out.push(issue(`${path}.${f.key}`, 'conditional-required', `${describe(f)} is required when ${rule.field} is ${when}`));
      }
    }
  }
}

/** All problems of `content` (the whole JSON body: `{ <rootKey>: {...} }`) against `definition`. */
export function validateContent(definition: StructureDefinition, content: unknown, options: ValidateContentOptions = {}): Issue[] {
  const out = new Collector(options.maxIssues ?? 200);
  const prefix = options.pathPrefix ? `${options.pathPrefix}.` : '';
  const root = `${prefix}${definition.rootKey}`;
  try {
    if (!isObject(content)) {
      out.push(issue(options.pathPrefix ?? '', 'type', `content must be a JSON object {"${definition.rootKey}": {…}}`));
    } else {
      for (const k of Object.keys(content)) {
        if (k !== definition.rootKey)
          out.push(
            issue(`${prefix}${k}`, 'unknown-field', `'${k}' is not the root of ${definition.name.fi}; expected '${definition.rootKey}'`),
          );
      }
      const body = content[definition.rootKey];
      if (!present(body)) out.push(issue(root, 'required', `${definition.name.fi} content is missing`));
      else new Validator(out, options).object(definition.fields, body, root, definition.name.fi);
    }
  } catch (e) {
    if (!(e instanceof Full)) throw e;
    out.issues.push(issue(root, 'too-many-issues', `stopped after ${out.issues.length} issues`));
  }
  return out.issues;
}
