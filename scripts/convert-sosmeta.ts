// Regenerates data/structures from THL's Sosmeta export (JSON Schemas of the national document
// structures). Usage:
//   npx tsx scripts/convert-sosmeta.ts [structures.tar.xz | unpacked folder] [--out data/structures] [--check]
// Default source: ../shared/domain/sosmeta/structures.tar.xz next to this repository. The output is
// deterministic (no timestamps), so an unchanged export gives no diff. --check also generates sample
// content for every structure and validates it with our validator and against the original JSON Schema.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertSosmetaSchema } from '../src/lib/structures/from-sosmeta.ts';
import { loadStructure } from '../src/lib/structures/load-definition.ts';
import { sampleContent } from '../src/lib/structures/sample-content.ts';
import { validateContent } from '../src/lib/structures/validate-content.ts';
import {
  STRUCTURE_FORMAT,
  STRUCTURE_INDEX_FORMAT,
  type FieldFile,
  type StructureFile,
  type StructureIndexEntry,
} from '../src/lib/structures/definition.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PUBLISHER = 'THL (Finnish Institute for Health and Welfare), Sosmeta document-structure service';
const VIA = 'public export in the MIT-licensed repository juntunen-ai/sosmeta (folder Valmis/)';

function parseArgs(argv: string[]): { source: string; out: string; check: boolean } {
  let source = resolve(repo, '../shared/domain/sosmeta/structures.tar.xz');
  let out = join(repo, 'data/structures');
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--check') check = true;
    else source = resolve(argv[i]!);
  }
  return { source, out, check };
}

type SchemaCheck = (schema: unknown, content: unknown) => boolean;

/** ajv comes with fastify; the check is skipped, not failed, if it is ever missing. */
async function schemaChecker(): Promise<SchemaCheck | undefined> {
  const ajv = await import('ajv').catch(() => undefined);
  if (!ajv) return undefined;
  // The export has a schema with a duplicate enum value, so the schemas themselves are not validated.
  const instance = new (ajv.default as unknown as new (o: object) => { compile(s: unknown): (c: unknown) => boolean })({
    strict: false,
    validateSchema: false,
  });
  return (schema, content) => instance.compile(schema)(content);
}

/** Samples of one converted structure: failures of our validator and of the national schema. */
function checkSamples(text: string, schema: unknown, schemaCheck: SchemaCheck | undefined): { ours: number; national: number } {
  const definition = loadStructure(JSON.parse(text), 'converted');
  let ours = 0;
  let national = 0;
  for (const fill of ['all', 'required'] as const) {
    for (const seed of [1, 2]) {
      const content = sampleContent(definition, { seed, fill });
      if (validateContent(definition, content).length > 0) ours++;
      if (schemaCheck && !schemaCheck(schema, content)) national++;
    }
  }
  return { ours, national };
}

/** The folder holding the schema files, unpacking a tarball into a temporary folder first. */
function schemaFolder(source: string): { dir: string; licence: string | undefined; cleanup: () => void } {
  if (statSync(source).isDirectory()) {
    const dir = existsSync(join(source, 'Valmis')) ? join(source, 'Valmis') : source;
    const licence = [join(source, 'LICENSE'), join(dirname(dir), 'LICENSE')].find((p) => existsSync(p));
    return { dir, licence, cleanup: () => {} };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'sosmeta-'));
  execFileSync('tar', ['-xJf', source, '-C', tmp]);
  const licence = [join(tmp, 'LICENSE'), join(dirname(source), 'LICENSE')].find((p) => existsSync(p));
  return { dir: join(tmp, 'Valmis'), licence, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function countFields(fields: readonly FieldFile[]): number {
  return fields.reduce((n, f) => n + 1 + countFields(f.fields ?? []), 0);
}

/** One field per line, children indented below it: compact, yet a new Sosmeta version diffs field by field. */
function fieldLines(fields: readonly FieldFile[], indent: string): string {
  return fields
    .map((f) => {
      const { fields: children, ...rest } = f;
      const head = JSON.stringify(rest);
      if (!children) return `${indent}${head}`;
      return `${indent}${head.slice(0, -1)},"fields":[\n${fieldLines(children, `${indent} `)}\n${indent}]}`;
    })
    .join(',\n');
}

function serialise(file: StructureFile): string {
  const { fields, ...header } = file;
  return `${JSON.stringify(header).slice(0, -1)},"fields":[\n${fieldLines(fields, '')}\n]}\n`;
}

/** Structure files of an earlier run: removed so that a withdrawn structure does not linger. */
function removeOldStructures(out: string): void {
  for (const name of readdirSync(out)) {
    if (!name.endsWith('.json') || name === 'index.json') continue;
    const text = readFileSync(join(out, name), 'utf8');
    if (text.includes(`"format":"${STRUCTURE_FORMAT}"`)) rmSync(join(out, name));
  }
}

async function main(): Promise<void> {
  const { source, out, check } = parseArgs(process.argv.slice(2));
  const schemaCheck = check ? await schemaChecker() : undefined;
  if (check && !schemaCheck) console.error('warning: ajv not installed; samples are checked by our validator only');
  const failed = { ours: 0, national: 0 };
  const { dir, licence, cleanup } = schemaFolder(source);
  try {
    mkdirSync(out, { recursive: true });
    removeOldStructures(out);
    const entries: StructureIndexEntry[] = [];
    let bytes = 0;
    let conditional = 0;
    let derived = 0;
    const warnings: string[] = [];
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const raw = readFileSync(join(dir, name));
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const schema: unknown = JSON.parse(raw.toString('utf8'));
      const result = convertSosmetaSchema(schema, {
        publisher: PUBLISHER,
        via: VIA,
        licence: 'MIT, see LICENSE in this folder',
        file: `Valmis/${name}`,
        sha256,
      });
      const { file } = result;
      const target = `${file.oid}.json`;
      const text = serialise(file);
      writeFileSync(join(out, target), text);
      if (check) {
        const r = checkSamples(text, schema, schemaCheck);
        failed.ours += r.ours;
        failed.national += r.national;
        if (r.ours + r.national > 0)
          console.error(`check: ${name}: ${r.ours} samples fail our validator, ${r.national} the national schema`);
      }
      bytes += Buffer.byteLength(text);
      conditional += result.conditional;
      derived += result.derived;
      warnings.push(...result.warnings.map((w) => `${name}: ${w}`));
      entries.push({
        oid: file.oid,
        codeSystem: file.codeSystem,
        code: file.code,
        version: file.version,
        name: file.name,
        kind: file.kind,
        ...(file.subject ? { subject: file.subject } : {}),
        file: target,
        fieldCount: countFields(file.fields),
      });
    }
    const index = {
      format: STRUCTURE_INDEX_FORMAT,
      note: 'Informational list of the structure files in this folder; the registry reads the files themselves.',
      publisher: PUBLISHER,
      via: VIA,
      licence: 'MIT, see LICENSE',
      sourceArchive: basename(source),
      count: entries.length,
      structures: entries,
    };
    writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
    if (licence) copyFileSync(licence, join(out, 'LICENSE'));
    else console.error('warning: no LICENSE found next to the source; data/structures/LICENSE not updated');
    for (const w of warnings) console.error(`warning: ${w}`);
    console.log(
      `${entries.length} structures, ${(bytes / 1024 / 1024).toFixed(2)} MB, ` +
        `${conditional} conditionally required fields (${derived} with a derived rule), ${warnings.length} warnings → ${out}`,
    );
    if (check)
      console.log(
        `check: sample content failing our validator: ${failed.ours}, failing the national schemas: ${failed.national} (of ${entries.length * 4} each)`,
      );
    if (failed.ours + failed.national > 0) process.exitCode = 1;
  } finally {
    cleanup();
  }
}

await main();
