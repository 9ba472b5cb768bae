// A small structural validator for the FHIR R4 resources arkki writes: every element must be one the
// base specification defines for that resource or datatype, with the right type and cardinality, and
// primitives must match their R4 regular expressions. Not a full validator (no invariants, no
// terminology), but it catches misspelt elements, arrays where one value belongs and the reverse,
// and malformed dates, codes and uris — the mistakes a hand-written mapping makes.

type Primitive =
  | 'string'
  | 'code'
  | 'uri'
  | 'canonical'
  | 'id'
  | 'boolean'
  | 'integer'
  | 'date'
  | 'dateTime'
  | 'instant'
  | 'base64Binary'
  | 'markdown';
type Complex =
  | 'Identifier'
  | 'Coding'
  | 'CodeableConcept'
  | 'Reference'
  | 'Meta'
  | 'HumanName'
  | 'Extension'
  | 'Signature'
  | 'Period'
  | 'Address'
  | 'ContactPoint';
interface Field {
  type: Primitive | Complex | Complex[] | 'Resource';
  min?: 1;
  many?: true;
}

const PRIMITIVE: Record<Primitive, RegExp | 'boolean' | 'integer'> = {
  string: /^[\s\S]+$/,
  markdown: /^[\s\S]+$/,
  code: /^[^\s]+( [^\s]+)*$/,
  uri: /^\S+$/,
  canonical: /^\S+$/,
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  boolean: 'boolean',
  integer: 'integer',
  date: /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
  dateTime:
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/,
  instant: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/,
  base64Binary: /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/,
};

const EXTENSION_VALUES: Record<string, Primitive | Complex> = {
  valueCoding: 'Coding',
  valueCode: 'code',
  valueString: 'string',
  valueBoolean: 'boolean',
  valueInteger: 'integer',
  valueDate: 'date',
  valueDateTime: 'dateTime',
  valueIdentifier: 'Identifier',
  valueReference: 'Reference',
  valueCodeableConcept: 'CodeableConcept',
};

const DATATYPES: Record<Exclude<Complex, 'Extension'>, Record<string, Field>> = {
  Identifier: {
    extension: { type: 'Extension', many: true },
    use: { type: 'code' },
    type: { type: 'CodeableConcept' },
    system: { type: 'uri' },
    value: { type: 'string' },
    period: { type: 'Period' },
    assigner: { type: 'Reference' },
  },
  Coding: {
    system: { type: 'uri' },
    version: { type: 'string' },
    code: { type: 'code' },
    display: { type: 'string' },
    userSelected: { type: 'boolean' },
  },
  CodeableConcept: { coding: { type: 'Coding', many: true }, text: { type: 'string' } },
  Reference: {
    extension: { type: 'Extension', many: true },
    reference: { type: 'string' },
    type: { type: 'uri' },
    identifier: { type: 'Identifier' },
    display: { type: 'string' },
  },
  Meta: {
    versionId: { type: 'id' },
    lastUpdated: { type: 'instant' },
    source: { type: 'uri' },
    profile: { type: 'canonical', many: true },
    security: { type: 'Coding', many: true },
    tag: { type: 'Coding', many: true },
  },
  HumanName: {
    use: { type: 'code' },
    text: { type: 'string' },
    family: { type: 'string' },
    given: { type: 'string', many: true },
    prefix: { type: 'string', many: true },
    suffix: { type: 'string', many: true },
  },
  Period: { start: { type: 'dateTime' }, end: { type: 'dateTime' } },
  Address: {
    use: { type: 'code' },
    type: { type: 'code' },
    text: { type: 'string' },
    line: { type: 'string', many: true },
    city: { type: 'string' },
    district: { type: 'string' },
    postalCode: { type: 'string' },
    country: { type: 'string' },
  },
  ContactPoint: { system: { type: 'code' }, value: { type: 'string' }, use: { type: 'code' } },
  Signature: {
    type: { type: 'Coding', many: true, min: 1 },
    when: { type: 'instant', min: 1 },
    who: { type: 'Reference', min: 1 },
    onBehalfOf: { type: 'Reference' },
    targetFormat: { type: 'code' },
    sigFormat: { type: 'code' },
    data: { type: 'base64Binary' },
  },
};

const domain = { id: { type: 'id' }, meta: { type: 'Meta' }, extension: { type: 'Extension', many: true } } as const;

const RESOURCES: Record<string, Record<string, Field>> = {
  Patient: {
    ...domain,
    identifier: { type: 'Identifier', many: true },
    active: { type: 'boolean' },
    name: { type: 'HumanName', many: true },
    telecom: { type: 'ContactPoint', many: true },
    gender: { type: 'code' },
    birthDate: { type: 'date' },
    address: { type: 'Address', many: true },
  },
  Organization: {
    ...domain,
    identifier: { type: 'Identifier', many: true },
    active: { type: 'boolean' },
    type: { type: 'CodeableConcept', many: true },
    name: { type: 'string' },
    alias: { type: 'string', many: true },
    partOf: { type: 'Reference' },
  },
  Practitioner: {
    ...domain,
    identifier: { type: 'Identifier', many: true },
    active: { type: 'boolean' },
    name: { type: 'HumanName', many: true },
  },
  Provenance: {
    ...domain,
    target: { type: 'Reference', many: true, min: 1 },
    recorded: { type: 'instant', min: 1 },
    agent: { type: ['CodeableConcept', 'Reference'], many: true, min: 1 },
    signature: { type: 'Signature', many: true },
  },
};
// Provenance.agent is a backbone element: its own fields.
const PROVENANCE_AGENT: Record<string, Field> = {
  type: { type: 'CodeableConcept' },
  role: { type: 'CodeableConcept', many: true },
  who: { type: 'Reference', min: 1 },
  onBehalfOf: { type: 'Reference' },
};

function checkPrimitive(value: unknown, type: Primitive, path: string, problems: string[]): void {
  const rule = PRIMITIVE[type];
  if (rule === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: expected boolean`);
    return;
  }
  if (rule === 'integer') {
    if (!Number.isInteger(value)) problems.push(`${path}: expected integer`);
    return;
  }
  if (typeof value !== 'string' || !rule.test(value))
    problems.push(`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not a valid ${type}`);
}

function checkObject(value: unknown, fields: Record<string, Field>, path: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  const record = value as Record<string, unknown>;
  if (Object.keys(record).length === 0) problems.push(`${path}: empty object`);
  for (const [name, field] of Object.entries(fields)) {
    if (field.min && record[name] === undefined) problems.push(`${path}.${name}: required`);
  }
  for (const [name, v] of Object.entries(record)) {
    if (path.split('.').length === 1 && name === 'resourceType') continue;
    const field = fields[name];
    if (!field) {
      problems.push(`${path}.${name}: not an element of this type`);
      continue;
    }
    if (v === undefined) continue;
    if ((field.many === true) !== Array.isArray(v)) {
      problems.push(`${path}.${name}: ${field.many ? 'must be an array' : 'must not be an array'}`);
      continue;
    }
    const items = Array.isArray(v) ? v : [v];
    if (Array.isArray(v) && v.length === 0) problems.push(`${path}.${name}: empty array`);
    items.forEach((item, i) => checkValue(item, field.type, `${path}.${name}${Array.isArray(v) ? `[${i}]` : ''}`, problems));
  }
}

function checkValue(value: unknown, type: Field['type'], path: string, problems: string[]): void {
  if (Array.isArray(type)) {
    checkObject(value, PROVENANCE_AGENT, path, problems);
    return;
  }
  if (type === 'Extension') {
    const ext = value as Record<string, unknown>;
    checkPrimitive(ext.url, 'uri', `${path}.url`, problems);
    const values = Object.keys(ext).filter((k) => k.startsWith('value'));
    if (values.length + (ext.extension ? 1 : 0) !== 1) problems.push(`${path}: exactly one value[x] or nested extensions`);
    for (const k of values) {
      const t = EXTENSION_VALUES[k];
      if (!t) problems.push(`${path}.${k}: unsupported value type`);
      else checkValue(ext[k], t, `${path}.${k}`, problems);
    }
    return;
  }
  if (type in DATATYPES) {
    checkObject(value, DATATYPES[type as keyof typeof DATATYPES], path, problems);
    return;
  }
  checkPrimitive(value, type as Primitive, path, problems);
}

/** Problems found in `resource` (empty = structurally valid FHIR R4 for the elements arkki uses). */
export function fhirStructureProblems(resource: Record<string, unknown>): string[] {
  const type = String(resource.resourceType);
  const fields = RESOURCES[type];
  if (!fields) return [`resourceType ${type} is not covered by this checker`];
  const problems: string[] = [];
  checkObject(resource, fields, type, problems);
  return problems;
}
