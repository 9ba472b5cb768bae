// Validation of a CDA document against the normative CDA R2 XML Schema (data/cda-r2-xsd) with xmllint
// compiled to WebAssembly (xmllint-wasm): the independent libxml2 validator, with no native build. The
// schema files are read once per process and handed to xmllint as in-memory files under their
// relative names, so CDA.xsd's includes resolve exactly as in HL7's distribution. Runs go to resident
// workers (xsd-pool.ts) that keep the compiled wasm module; a large batch is split over them.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { XmlIssue } from '../xml/safe-xml.ts';
import { xmllintPool } from './xsd-pool.ts';

export const DEFAULT_CDA_XSD_DIR = fileURLToPath(new URL('../../../data/cda-r2-xsd/', import.meta.url));

/**
 * The schema set: the root schema and what it includes, by the paths the includes use. The root is arkki's
 * wrapper (arkki/CDA-signed.xsd): HL7's CDA R2 schema unchanged, with the enveloped ds:Signature admitted
 * at the end of ClinicalDocument as national CDA extension schemas do (local XML-DSig profile schema), so
 * an archived document validates as served, signature included, and its signed content without it.
 */
const ROOT_SCHEMA = 'arkki/CDA-signed.xsd';
const INCLUDED = [
  'arkki/xmldsig-profile.xsd',
  'infrastructure/cda/POCD_MT000040.xsd',
  'processable/coreschemas/datatypes.xsd',
  'processable/coreschemas/datatypes-base.xsd',
  'processable/coreschemas/voc.xsd',
  'processable/coreschemas/NarrativeBlock.xsd',
];
/** Name the document gets inside xmllint; error messages start with it. */
const DOCUMENT_NAME = 'document.xml';

interface SchemaFile {
  fileName: string;
  /** UTF-8 bytes: xmllint-wasm copies bytes into its file system as they are, but encodes a string char by char in JS. */
  contents: Uint8Array;
}
interface SchemaSet {
  schema: SchemaFile;
  preload: SchemaFile[];
}
const loaded = new Map<string, Promise<SchemaSet>>();

function loadSchemas(dir: string): Promise<SchemaSet> {
  let set = loaded.get(dir);
  if (!set) {
    const read = async (name: string): Promise<SchemaFile> => ({
      fileName: name,
      contents: await readFile(new URL(name, `file://${dir.endsWith('/') ? dir : `${dir}/`}`)),
    });
    set = (async () => ({ schema: await read(ROOT_SCHEMA), preload: await Promise.all(INCLUDED.map(read)) }))();
    // A failed read must not be cached: the next call retries and reports the real problem.
    set.catch(() => loaded.delete(dir));
    loaded.set(dir, set);
  }
  return set;
}

export interface XsdResult {
  valid: boolean;
  issues: XmlIssue[];
}

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
    return {
      field,
      rule: 'xsd',
      message: line !== undefined ? `line ${line}: ${message}` : message,
      ...(line !== undefined ? { line } : {}),
    };
  });
}

/**
 * Validates `xml` (UTF-8 text) against CDA.xsd. Each issue carries the line xmllint reports and its
 * message (which names the element and, for content-model errors, the expected ones).
 */
export async function validateCdaXsd(xml: string, options: XsdOptions = {}): Promise<XsdResult> {
  return (await validateCdaXsdMany([xml], options))[0]!;
}

/** Below this many documents a batch is one xmllint run; above it, one run per worker (each compiles the schema). */
const SPLIT_MIN = 64;

interface LintError {
  message: string;
  loc: null | { fileName: string; lineNumber: number };
}

/** xmllint's stderr as located errors; the last two lines are its summary ("… fails to validate" and the blank end). */
function parseErrors(output: string): LintError[] {
  return output
    .split('\n')
    .slice(0, -2)
    .flatMap((line): LintError[] => {
      const [fileName, lineNumber, ...rest] = line.split(':');
      if (fileName && lineNumber && rest.length)
        return [{ message: rest.join(':').trim(), loc: { fileName, lineNumber: parseInt(lineNumber, 10) } }];
      return line.trim().endsWith(' validates') ? [] : [{ message: line, loc: null }];
    });
}

/** One xmllint run over `xmls`, named `names`: valid, or the errors and raw output. */
async function runOnce(
  xmls: readonly string[],
  names: readonly string[],
  set: SchemaSet,
): Promise<{ valid: boolean; errors: LintError[]; rawOutput: string }> {
  // Encoded here (native, fast) rather than in xmllint-wasm's JS loop, which costs more than validating.
  const bytes = xmls.map((x) => Buffer.from(x, 'utf8'));
  const size = bytes.reduce((n, b) => n + b.length, 0);
  const { exitCode, stderr } = await xmllintPool().run({
    inputFiles: [...bytes.map((contents, i) => ({ fileName: names[i]!, contents })), set.schema, ...set.preload],
    args: ['--schema', set.schema.fileName, '--noout', ...names],
    initialMemory: 256,
    // Large documents (a PDF body as base64) need more than the default 32 MiB of wasm memory.
    maxMemory: Math.min(65536, Math.max(512, Math.ceil((size * 8) / 65536))),
  });
  if (exitCode === 0) return { valid: true, errors: [], rawOutput: stderr };
  // 3 and 4 are xmllint's "does not validate"; anything else is xmllint itself failing, never a pass.
  if (exitCode !== 3 && exitCode !== 4) throw new Error(`xmllint failed (exit code ${exitCode}): ${stderr.slice(0, 500)}`);
  return { valid: false, errors: parseErrors(stderr), rawOutput: stderr };
}

/**
 * Validates several documents with as few xmllint runs as there are workers: starting xmllint and
 * compiling the schema is paid once per run, which is what makes validating a batch (or all 202
 * structures in a test) cheap.
 */
export async function validateCdaXsdMany(xmls: readonly string[], options: XsdOptions = {}): Promise<XsdResult[]> {
  if (xmls.length === 0) return [];
  const set = await loadSchemas(options.schemaDir ?? DEFAULT_CDA_XSD_DIR);
  const field = options.field ?? 'cda';
  const name = (i: number) => (xmls.length === 1 ? DOCUMENT_NAME : `document-${i + 1}.xml`);
  const parts = xmls.length >= SPLIT_MIN ? xmllintPool().size : 1;
  const chunk = Math.ceil(xmls.length / parts);
  const starts = Array.from({ length: Math.ceil(xmls.length / chunk) }, (_, k) => k * chunk);
  const runs = await Promise.all(
    starts.map((from) => {
      const part = xmls.slice(from, from + chunk);
      return runOnce(
        part,
        part.map((_, j) => name(from + j)),
        set,
      );
    }),
  );
  return xmls.map((_, i) => {
    const result = runs[Math.floor(i / chunk)]!;
    if (result.valid) return { valid: true, issues: [] };
    const mine = result.errors.filter((e) => e.loc?.fileName === name(i) || (e.loc === null && xmls.length === 1));
    // xmllint prints "<file> fails to validate" for each invalid file even when it reports no located error.
    const failed = mine.length > 0 || result.rawOutput.includes(`${name(i)} fails to validate`);
    if (!failed) return { valid: true, issues: [] };
    const issues = toIssues(mine, field);
    if (issues.length === 0) issues.push({ field, rule: 'xsd', message: 'document is not valid against the CDA R2 schema' });
    return { valid: false, issues };
  });
}
