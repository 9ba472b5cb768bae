// Validation of a CDA document against the normative CDA R2 XML Schema (data/cda-r2-xsd) with xmllint
// compiled to WebAssembly (xmllint-wasm): the independent libxml2 validator, with no native build. The
// schema files are read once per process and handed to xmllint as in-memory files under their
// relative names, so CDA.xsd's includes resolve exactly as in HL7's distribution.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import type { XmlIssue } from '../xml/safe-xml.ts';

export const DEFAULT_CDA_XSD_DIR = fileURLToPath(new URL('../../../data/cda-r2-xsd/', import.meta.url));

/** The schema set: the root schema and what it includes, by the paths the includes use. */
const ROOT_SCHEMA = 'infrastructure/cda/CDA.xsd';
const INCLUDED = [
  'infrastructure/cda/POCD_MT000040.xsd',
  'processable/coreschemas/datatypes.xsd',
  'processable/coreschemas/datatypes-base.xsd',
  'processable/coreschemas/voc.xsd',
  'processable/coreschemas/NarrativeBlock.xsd',
];
/** Name the document gets inside xmllint; error messages start with it. */
const DOCUMENT_NAME = 'document.xml';

interface SchemaSet { schema: XMLFileInfo; preload: XMLFileInfo[] }
const loaded = new Map<string, Promise<SchemaSet>>();

function loadSchemas(dir: string): Promise<SchemaSet> {
  let set = loaded.get(dir);
  if (!set) {
    const read = async (name: string): Promise<XMLFileInfo> => ({ fileName: name, contents: await readFile(new URL(name, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8') });
    set = (async () => ({ schema: await read(ROOT_SCHEMA), preload: await Promise.all(INCLUDED.map(read)) }))();
    // A failed read must not be cached: the next call retries and reports the real problem.
    set.catch(() => loaded.delete(dir));
    loaded.set(dir, set);
  }
  return set;
}

export interface XsdResult { valid: boolean; issues: XmlIssue[] }

export interface XsdOptions {
  /** Folder of the schema set; default data/cda-r2-xsd. */
  schemaDir?: string;
  /** `field` of the issues. Default `cda`. */
  field?: string;
}

function toIssues(errors: readonly { message: string; loc: null | { fileName: string; lineNumber: number } }[], field: string): XmlIssue[] {
  return errors.map((e) => {
    const line = e.loc?.lineNumber;
    const message = e.message.trim().replace(/^Schemas validity error : /, '');
    return { field, rule: 'xsd', message: line !== undefined ? `line ${line}: ${message}` : message, ...(line !== undefined ? { line } : {}) };
  });
}

/**
 * Validates `xml` (UTF-8 text) against CDA.xsd. Each issue carries the line xmllint reports and its
 * message (which names the element and, for content-model errors, the expected ones).
 */
export async function validateCdaXsd(xml: string, options: XsdOptions = {}): Promise<XsdResult> {
  return (await validateCdaXsdMany([xml], options))[0]!;
}

/**
 * Validates several documents in one xmllint run: starting the wasm module and compiling the schema
 * (~0.1 s) is paid once, which is what makes validating a batch (or all 202 structures in a test) cheap.
 */
export async function validateCdaXsdMany(xmls: readonly string[], options: XsdOptions = {}): Promise<XsdResult[]> {
  if (xmls.length === 0) return [];
  const { schema, preload } = await loadSchemas(options.schemaDir ?? DEFAULT_CDA_XSD_DIR);
  const field = options.field ?? 'cda';
  const name = (i: number) => (xmls.length === 1 ? DOCUMENT_NAME : `document-${i + 1}.xml`);
  const size = xmls.reduce((n, x) => n + x.length, 0);
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: name(i), contents })),
    schema,
    preload,
    // Large documents (a PDF body as base64) need more than the default 32 MiB of wasm memory.
    maxMemoryPages: Math.min(65536, Math.max(512, Math.ceil((size * 8) / 65536))),
  });
  if (result.valid) return xmls.map(() => ({ valid: true, issues: [] }));
  return xmls.map((_, i) => {
    const mine = result.errors.filter((e) => e.loc?.fileName === name(i) || (e.loc === null && xmls.length === 1));
    // xmllint prints "<file> fails to validate" for each invalid file even when it reports no located error.
    const failed = mine.length > 0 || result.rawOutput.includes(`${name(i)} fails to validate`);
    if (!failed) return { valid: true, issues: [] };
    const issues = toIssues(mine, field);
    if (issues.length === 0) issues.push({ field, rule: 'xsd', message: 'document is not valid against the CDA R2 schema' });
    return { valid: false, issues };
  });
}
