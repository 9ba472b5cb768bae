// Converts one Sosmeta JSON Schema (THL's published document structure) into a structure file.
// JSON Schema plumbing (additionalProperties, system/code/display sub-schemas, patterns) becomes the
// field type; what Sosmeta says about the field is kept. Anything unexpected becomes a warning, so a new
// shape in a future export is noticed instead of silently dropped.
import { deriveCondition } from './sosmeta-conditions.ts';
import { codeSystemName, isOid, localText, oidInClassification, parseCodeListing, plainValue } from './sosmeta-text.ts';
import {
  STRUCTURE_FORMAT,
  type CodeBinding,
  type CodeSystemInfo,
  type FieldFile,
  type FieldType,
  type LocalText,
  type StructureFile,
  type StructureSource,
} from './definition.ts';

type Json = Record<string, unknown>;

export interface ConversionResult {
  file: StructureFile;
  warnings: string[];
  /** Fields marked conditionally required, and how many of them got a machine-readable rule. */
  conditional: number;
  derived: number;
}

const REPRESENTATION: Record<string, FieldType> = {
  Otsikko: 'heading',
  Teksti: 'text',
  Nimi: 'name',
  Fraasi: 'phrase',
  Allekirjoitus: 'signature',
  Pvm: 'date',
  Hetki: 'datetime',
  Kytkin: 'boolean',
  Lkm: 'integer',
  Numero: 'decimal',
  Koodi: 'code',
  Tunnus: 'identifier',
  Määrä: 'amount',
  Mitta: 'measure',
  Prosentti: 'percent',
};
const KNOWN_KEYWORDS = new Set([
  'type',
  'additionalProperties',
  'sosmeta',
  'required',
  'properties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
]);
const OID_PATTERN = /^\^urn:oid:((?:\d+\\\.)+\d+)\(\\\.\\d\+\)\*\$$/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Converter {
  readonly warnings: string[] = [];
  readonly codeSystems: Record<string, CodeSystemInfo> = {};
  conditional = 0;
  derived = 0;

  warn(path: string, message: string): void {
    this.warnings.push(`${path}: ${message}`);
  }

  property(key: string, prop: Json, requiredKeys: readonly unknown[], parentPath: string): FieldFile {
    const path = parentPath ? `${parentPath}.${key}` : key;
    const array = prop.type === 'array' ? prop : undefined;
    const node = array ? prop.items : prop;
    if (!isObject(node) || !isObject(node.sosmeta)) throw new Error(`${path}: field without a sosmeta block`);
    for (const k of Object.keys(prop)) if (!KNOWN_KEYWORDS.has(k)) this.warn(path, `schema keyword '${k}' dropped`);
    const s = node.sosmeta;
    const representation = localText(s.representation)?.fi;
    const type: FieldType | undefined =
      representation === undefined ? (node.type === 'object' ? 'group' : undefined) : REPRESENTATION[representation];
    if (!type) throw new Error(`${path}: unknown representation '${representation ?? node.type}'`);
    if (typeof s.rowNumber !== 'number') throw new Error(`${path}: no rowNumber`);
    const label = localText(s.name);
    if (!label) throw new Error(`${path}: no name`);

    const field: FieldFile = { key, row: s.rowNumber, type, label };
    const set = <K extends keyof FieldFile>(k: K, v: FieldFile[K] | undefined) => {
      if (v !== undefined) field[k] = v;
    };
    set('title', localText(s.title));
    set('description', localText(s.description));
    set('example', localText(s.example));
    set('note', localText(s.implementationNote));

    const min = array ? Number(array.minItems ?? 0) : requiredKeys.includes(key) ? 1 : 0;
    if (min > 0) field.min = min;
    if (min > 0 !== (s.required === true)) this.warn(path, `sosmeta required=${String(s.required)} but schema minimum is ${min}`);
    if (array) {
      field.repeatable = true;
      if (typeof array.maxItems === 'number') field.max = array.maxItems;
    }
    if (Boolean(array) !== (s.repeatable === true)) this.warn(path, `sosmeta repeatable=${String(s.repeatable)} disagrees with the schema`);
    if (s.conditionalRequired === true) {
      field.conditional = true;
      this.conditional++;
    }
    if (s.nationwideRecordedInformation === true) field.nationwide = true;
    if (s.hiddenField === true) field.hidden = true;
    if (s.hiddenTitle === true) field.hideTitle = true;
    if (typeof node.maxLength === 'number') field.maxLength = node.maxLength;

    if (type === 'heading' || type === 'group') field.fields = this.children(node, path);
    else if (type === 'code') field.code = this.code(node, s, path);
    else if (type === 'identifier') set('identifierSystem', plainValue(s.systemUri));
    else if (type === 'phrase') field.phrase = this.phrase(node, s, path);
    else if (node.enum !== undefined) this.warn(path, `enum on a ${type} field dropped`);
    return field;
  }

  children(node: Json, path: string): FieldFile[] {
    const props = isObject(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? node.required : [];
    const fields = Object.entries(props).map(([k, v]) => {
      if (!isObject(v)) throw new Error(`${path}.${k}: not a schema object`);
      return this.property(k, v, required, path);
    });
    fields.sort((a, b) => a.row - b.row);
    for (const f of fields) {
      if (!f.conditional) continue;
      const rule = deriveCondition(f, fields);
      if (rule) {
        f.condition = rule;
        this.derived++;
      }
    }
    return fields;
  }

  code(node: Json, s: Json, path: string): CodeBinding {
    const props = isObject(node.properties) ? node.properties : {};
    const system = isObject(props.system) ? props.system : {};
    const codeProp = isObject(props.code) ? props.code : {};
    const patternOid = typeof system.pattern === 'string' ? OID_PATTERN.exec(system.pattern)?.[1]?.replace(/\\\./g, '.') : undefined;
    if (typeof system.pattern === 'string' && !patternOid) this.warn(path, `system pattern ${system.pattern} not understood`);
    const classificationOid = plainValue(s.classificationOid);
    const classification = localText(s.classification);
    const oid = patternOid ?? (isOid(classificationOid) ? classificationOid : undefined) ?? oidInClassification(classification?.fi);
    if (patternOid && isOid(classificationOid) && classificationOid !== patternOid) {
      this.warn(path, `classificationOid ${classificationOid} differs from the system pattern ${patternOid}; pattern used`);
    }
    const binding: CodeBinding = {};
    if (oid) {
      binding.system = oid;
      this.codeSystem(oid, classification, plainValue(s.classificationLink));
    } else {
      binding.local = true;
    }
    if (Array.isArray(system.enum)) {
      if (system.enum.length !== 1) this.warn(path, `system enum with ${system.enum.length} values; first used`);
      binding.fixedSystem = String(system.enum[0]);
    }
    const accepted = Array.isArray(s.acceptedValues) ? (s.acceptedValues as { value: string }[]).map((a) => String(a.value)) : undefined;
    const listed = Array.isArray(codeProp.enum) ? codeProp.enum.map(String) : accepted;
    if (accepted && listed && accepted.join('|') !== listed.join('|'))
      this.warn(path, 'acceptedValues differ from the code enum; enum used');
    const codes = listed ? [...new Set(listed)] : undefined;
    const valueSet = localText(s.valueSet);
    if (codes) {
      // Later listings win: the value set over the classification text; Swedish falls back to Finnish,
      // because a Swedish text identical to the Finnish one is not kept.
      const listing = (...texts: (string | undefined)[]) => new Map(texts.flatMap((t) => [...parseCodeListing(t ?? '', codes)]));
      const ownClassification = binding.local ? classification : undefined;
      const names = (lang: 'fi' | 'sv') =>
        lang === 'fi'
          ? listing(ownClassification?.fi, valueSet?.fi)
          : listing(ownClassification?.fi, valueSet?.fi, ownClassification?.sv, valueSet?.sv);
      const fi = names('fi');
      const sv = names('sv');
      binding.values = codes.map((code) => {
        const display = fi.get(code);
        if (!display) return { code };
        const svName = sv.get(code);
        return { code, display: svName && svName !== display ? { fi: display, sv: svName } : { fi: display } };
      });
      const parsedFromValueSet = valueSet ? parseCodeListing(valueSet.fi, codes) : undefined;
      if (valueSet && parsedFromValueSet!.size !== codes.length) binding.valueSetText = valueSet;
    } else if (valueSet) {
      binding.valueSetText = valueSet;
    }
    return binding;
  }

  codeSystem(oid: string, classification: LocalText | undefined, link: string | undefined): void {
    if (this.codeSystems[oid]) return;
    const fi = codeSystemName(classification?.fi);
    const sv = codeSystemName(classification?.sv);
    const info: CodeSystemInfo = {};
    if (fi) info.name = sv && sv !== fi ? { fi, sv } : { fi };
    if (link) info.link = link;
    this.codeSystems[oid] = info;
  }

  phrase(node: Json, s: Json, path: string): LocalText {
    const text = localText(s.phrase);
    const fixed = Array.isArray(node.enum) ? String(node.enum[0]) : undefined;
    if (fixed !== undefined && text && fixed !== text.fi) this.warn(path, 'phrase text differs from the schema enum; enum used for fi');
    if (fixed !== undefined) return text ? { ...text, fi: fixed } : { fi: fixed };
    if (!text) throw new Error(`${path}: phrase without text`);
    return text;
  }
}

/** `oid` = `<code system (6 arcs)>.<code>.<year>.<month>.<day>`. */
function splitStructureOid(oid: string): { codeSystem: string; code: string; version: string } {
  const arcs = oid.split('.');
  if (arcs.length !== 10) throw new Error(`structure OID ${oid} is not <code system>.<code>.<y>.<m>.<d>`);
  const [y, m, d] = arcs.slice(7);
  return { codeSystem: arcs.slice(0, 6).join('.'), code: arcs[6]!, version: `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` };
}

export function convertSosmetaSchema(schema: unknown, source: StructureSource): ConversionResult {
  if (!isObject(schema) || !isObject(schema.sosmeta) || !isObject(schema.properties)) {
    throw new Error(`${source.file}: not a Sosmeta JSON Schema`);
  }
  const top = schema.sosmeta;
  const oid = String(top.oid);
  const { codeSystem, code, version } = splitStructureOid(oid);
  const rootKeys = Object.keys(schema.properties);
  if (rootKeys.length !== 1) throw new Error(`${source.file}: expected one root property, found ${rootKeys.length}`);
  const rootKey = rootKeys[0]!;
  const root = schema.properties[rootKey];
  if (!isObject(root) || !isObject(root.sosmeta)) throw new Error(`${source.file}: root property without sosmeta`);
  const name = localText(root.sosmeta.name) ?? { fi: String(top.documentType) };

  const c = new Converter();
  if (top.documentDefinitionVersion !== version)
    c.warn(rootKey, `definition version ${String(top.documentDefinitionVersion)} differs from the OID date ${version}`);
  const fields = c.children(root, rootKey);
  const file: StructureFile = {
    format: STRUCTURE_FORMAT,
    oid,
    codeSystem,
    code,
    version,
    status: String(top.status),
    ...(typeof top.dataComponentLibraryVersion === 'string' ? { componentLibraryVersion: top.dataComponentLibraryVersion } : {}),
    name,
    kind: String(top.documentType),
    ...(typeof top.documentAuthor === 'string' ? { author: top.documentAuthor } : {}),
    ...(typeof top.documentSubject === 'string' ? { subject: top.documentSubject } : {}),
    rootKey,
    source,
    codeSystems: c.codeSystems,
    fields,
  };
  return { file, warnings: c.warnings, conditional: c.conditional, derived: c.derived };
}
