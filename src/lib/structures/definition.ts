// The project's own format for national document structures (asiakirjarakenteet): converted once from
// THL's Sosmeta JSON Schemas by scripts/convert-sosmeta.ts, read at start-up from data/structures.
// docs/structures.md describes the format; `FieldFile` is what is on disk, `FieldDef` what code uses.

export const STRUCTURE_FORMAT = 'arkki-structure/1';
export const STRUCTURE_INDEX_FORMAT = 'arkki-structure-index/1';

/** A text in Finnish and, when Sosmeta has a different Swedish text, in Swedish. */
export interface LocalText {
  fi: string;
  sv?: string;
}

/**
 * One value per Sosmeta representation (esitysmuoto): heading = Otsikko, group = a data component
 * without a representation (Asiakas, Yhteystiedot, …), text = Teksti, name = Nimi, phrase = Fraasi,
 * signature = Allekirjoitus, date = Pvm, datetime = Hetki, boolean = Kytkin, integer = Lkm,
 * decimal = Numero, code = Koodi, identifier = Tunnus, amount = Määrä, measure = Mitta, percent = Prosentti.
 */
export type FieldType =
  | 'heading'
  | 'group'
  | 'text'
  | 'name'
  | 'phrase'
  | 'signature'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'integer'
  | 'decimal'
  | 'code'
  | 'identifier'
  | 'amount'
  | 'measure'
  | 'percent';

export const FIELD_TYPES: readonly FieldType[] = [
  'heading',
  'group',
  'text',
  'name',
  'phrase',
  'signature',
  'date',
  'datetime',
  'boolean',
  'integer',
  'decimal',
  'code',
  'identifier',
  'amount',
  'measure',
  'percent',
];

/** Types whose value is an object of child fields. */
export const CONTAINER_TYPES: readonly FieldType[] = ['heading', 'group'];
/** Types whose value is `{ value: number, code: unit }`. */
export const QUANTITY_TYPES: readonly FieldType[] = ['amount', 'measure', 'percent'];
/** Types whose value is a string. */
export const STRING_TYPES: readonly FieldType[] = ['text', 'name', 'phrase', 'signature', 'date', 'datetime'];

/**
 * A machine-readable reading of a conditional requirement, derived from its implementation note only
 * where the note follows a known wording and names fields of the same object. Keys are sibling keys.
 */
export type ConditionRule =
  /** At least one of these fields (this field among them) must be present. */
  | { kind: 'one-of'; fields: string[] }
  /** This field is required when sibling `field` has this value (a boolean, or a code). */
  | { kind: 'required-if'; field: string; equals: boolean | string };

export interface CodeValue {
  code: string;
  display?: LocalText;
}

export interface CodeBinding {
  /** OID of the national code system; content carries it as `urn:oid:<OID>` (or a sub-OID of it). */
  system?: string;
  /** Internal classification (sisäinen luokitus): the exact `system` string the schema demands, if any. */
  fixedSystem?: string;
  /** True for an internal classification that is not on the national code server. */
  local?: boolean;
  /** The only codes allowed here (Sosmeta acceptedValues), in published order, with names when published. */
  values?: CodeValue[];
  /** The published value-set text when it could not be turned into `values` exactly. */
  valueSetText?: LocalText;
}

/** A field as written in a structure file: false flags, empty lists and default cardinalities are left out. */
export interface FieldFile {
  /** JSON property name in the content. */
  key: string;
  /** Sosmeta rowNumber: display order, 1..n over the whole document. */
  row: number;
  type: FieldType;
  label: LocalText;
  /** Heading to show instead of the label (Sosmeta title). */
  title?: LocalText;
  description?: LocalText;
  example?: LocalText;
  /** Sosmeta implementationNote: for conditional fields it states the condition. */
  note?: LocalText;
  /** Default 0; 1 = required (for a repeatable field: at least one item). */
  min?: number;
  /** Content is an array of values. */
  repeatable?: true;
  /** Upper bound for a repeatable field; absent = unbounded. */
  max?: number;
  /** Sosmeta conditionalRequired: required under the condition in `note`. */
  conditional?: true;
  condition?: ConditionRule;
  /** Sosmeta nationwideRecordedInformation (valtakunnallisesti kirjattava tieto, e.g. statistics). */
  nationwide?: true;
  /** Sosmeta hiddenField / hiddenTitle: not shown, or shown without its label. */
  hidden?: true;
  hideTitle?: true;
  code?: CodeBinding;
  /** For identifiers: the identifier system Sosmeta names (e.g. urn:oid:1.2.246.21 = henkilötunnus). */
  identifierSystem?: string;
  /** For phrases: the fixed text the field carries. */
  phrase?: LocalText;
  maxLength?: number;
  /** Children of a heading or group, in display order. */
  fields?: FieldFile[];
}

export interface CodeSystemInfo {
  name?: LocalText;
  link?: string;
}

export interface StructureSource {
  publisher: string;
  via: string;
  licence: string;
  file: string;
  sha256: string;
}

/** One `data/structures/<oid>.json` file. */
export interface StructureFile {
  format: typeof STRUCTURE_FORMAT;
  /** Structure OID = `<codeSystem>.<code>.<definition date>`. */
  oid: string;
  /** Document-type code system: 1.2.246.537.6.1506 client documents, .1505 clienthood/case/consent/denial. */
  codeSystem: string;
  code: string;
  /** Definition version as a date, YYYY-MM-DD. */
  version: string;
  status: string;
  componentLibraryVersion?: string;
  name: LocalText;
  /** Document kind (Päätös, Suunnitelma, Arvio, …). */
  kind: string;
  author?: string;
  /** Service-task group the structure belongs to. */
  subject?: string;
  /** The single top-level property of the content object. */
  rootKey: string;
  source: StructureSource;
  /** Names and code-server links of the code systems the fields use, by OID. */
  codeSystems: Record<string, CodeSystemInfo>;
  fields: FieldFile[];
}

/** A field with defaults filled in and its key path (`asia_asiakirja.asiakas.sukunimi`, no indices). */
export interface FieldDef extends Omit<FieldFile, 'min' | 'max' | 'repeatable' | 'conditional' | 'fields'> {
  path: string;
  min: number;
  /** null = unbounded. */
  max: number | null;
  repeatable: boolean;
  conditional: boolean;
  fields: FieldDef[];
}

export interface StructureDefinition extends Omit<StructureFile, 'fields'> {
  fields: FieldDef[];
  /** Every field by its key path. */
  byPath: ReadonlyMap<string, FieldDef>;
}

export interface StructureIndexEntry {
  oid: string;
  codeSystem: string;
  code: string;
  version: string;
  name: LocalText;
  kind: string;
  subject?: string;
  file: string;
  fieldCount: number;
}

export const isContainer = (f: { type: FieldType }): boolean => CONTAINER_TYPES.includes(f.type);
export const isQuantity = (f: { type: FieldType }): boolean => QUANTITY_TYPES.includes(f.type);
