// `arkki migrate generate`: a synthetic legacy export for tests and benchmarks, the same for the same seed.
// Clients with test henkilötunnus values only (individual numbers 900–999) or temporary ids, documents
// since 2008 with skewed distributions (more in later years, a few clients with thousands of documents,
// a few local kinds used far more than the rest), and every broken thing the validator must find, each
// on a fixed share of rows (REJECT_EVERY) so even a small export has them all.
//
// The original files are hard links into a small pool of rendered files per format: two million
// distinct PDF/A renderings would take days to make and tens of gigabytes, and the tool reads each row's
// file the same way either way.
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import { makeHetu, hetuCheckCharacter } from '../../lib/identifiers/hetu.ts';
import { legacyPdf } from '../../lib/render/placeholder-pdf.ts';
import { CORRESPONDENCE_COLUMNS, type ExportManifest, LEGACY_COLUMNS, type LegacyRow } from './export-format.ts';
import { pdfaPage } from './pdfa-page.ts';
import { Random } from './random.ts';
import { csvLine } from './report.ts';
import { LEGACY_ORGANISATION, type LocalKind, type LocalService, legacyOrganisations, syntheticTable } from './synthetic-table.ts';
import { tiffImage } from './tiff-image.ts';

export type FileMix = Record<'pdfa' | 'pdf' | 'rtf' | 'txt' | 'tiff', number>;

/** Mostly PDF/A originals, as real exports of that era are (issue 14); the rest needs conversion. */
export const DEFAULT_MIX: FileMix = { pdfa: 97, pdf: 1.5, rtf: 0.5, txt: 0.5, tiff: 0.5 };
export const PDFA_ONLY_MIX: FileMix = { pdfa: 100, pdf: 0, rtf: 0, txt: 0, tiff: 0 };

export interface GenerateOptions {
  dir: string;
  docs: number;
  seed: number;
  format: 'csv' | 'jsonl';
  mix: FileMix;
  codeSets: CodeSets;
  /** Called now and then with the rows written. */
  progress?: (written: number) => void;
}

/** One in REJECT_EVERY rows is broken in each of these ways, at its own offset. */
export const REJECT_EVERY = 499;
export const BROKEN_AT = {
  'unmappable-code': 7,
  'code-not-valid-on-date': 37,
  'no-client-id': 61,
  'invalid-hetu': 89,
  'invalid-temporary-id': 113,
  'missing-file': 151,
  'unreadable-file': 181,
  'duplicate-row': 211,
  'wrong-encoding': 241,
  'date-out-of-range': 271,
  'case-without-name': 307,
  'missing-field': 331,
  'conversion-failed': 367,
} as const;
export type BrokenClass = keyof typeof BROKEN_AT;
const BROKEN_BY_OFFSET = new Map<number, BrokenClass>(Object.entries(BROKEN_AT).map(([k, v]) => [v, k as BrokenClass]));

export const SYNTHETIC_REGISTER_KEEPER = LEGACY_ORGANISATION;
const TEMP_ISSUER = '1.2.246.10.99900059.22.2019'; // temporary ids of business id 9990005-9, 2019
const FIRST_YEAR = 2008;
const LAST_DAY = '2026-11-30';

const FAMILY = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Björklund',
  'Söderberg',
];
const GIVEN = ['Aino', 'Eino', 'Helmi', 'Väinö', 'Sofia', 'Onni', 'Ella', 'Leo', 'Iida', 'Elias', 'Linnea', 'Oskar', 'Saga', 'Emil'];
const AUTHORS = [
  { name: 'Sanna Sosiaalityöntekijä', id: 'V1001', role: 'sosiaalityöntekijä' },
  { name: 'Pekka Perhetyöntekijä', id: 'V1002', role: 'perhetyöntekijä' },
  { name: 'Liisa Lähihoitaja', id: 'V1003', role: 'sosiaaliohjaaja' },
  { name: 'Åsa Öberg', id: 'V1004', role: 'johtava sosiaalityöntekijä' },
];
const CASE_NAMES: Record<string, string> = {
  '10': 'Lastensuojelun asia',
  '20': 'Vammaispalvelujen asia',
  'x-iakkaat': 'Iäkkäiden palvelujen asia',
  'x-tyoikaiset': 'Työikäisten palvelujen asia',
  'x-lapsiperheet': 'Lapsiperheiden palvelujen asia',
  '15': 'Päihdehuollon asia',
  'x-perheoikeudelliset': 'Perheoikeudellisten palvelujen asia',
};
const TASK_WEIGHTS: Array<[string, number]> = [
  ['10', 70],
  ['x-lapsiperheet', 10],
  ['20', 5],
  ['x-iakkaat', 4],
  ['x-tyoikaiset', 4],
  ['15', 4],
  ['x-perheoikeudelliset', 3],
];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A test henkilötunnus unique per client index (birth date from the index, individual number 900–999). */
export function syntheticHetu(clientIndex: number): string {
  const day = (Math.floor(clientIndex / 100) * 7919) % 25_000; // 1950-01-01 … ~2018
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return makeHetu(birth, 900 + (clientIndex % 100));
}

function wrongCheck(hetu: string): string {
  const right = hetuCheckCharacter(hetu.slice(0, 6) + hetu.slice(7, 10));
  const alphabet = '0123456789ABCDEFHJKLMNPRSTUVWXY';
  return hetu.slice(0, 10) + alphabet[(alphabet.indexOf(right) + 1) % alphabet.length];
}

async function pool(dir: string, mix: FileMix): Promise<Record<string, string[]>> {
  const poolDir = join(dir, 'pool');
  await mkdir(poolDir, { recursive: true });
  const out: Record<string, string[]> = { pdfa: [], pdf: [], rtf: [], txt: [], tiff: [] };
  const variants = 8;
  for (let v = 0; v < variants; v++) {
    const text = [
      `Vanha asiakirja ${v + 1} – lähdejärjestelmän tuloste`,
      'Åsa ja Väinö kävivät keskustelun.',
      `Sivu 1 / 1 · muunnelma ${v + 1}`,
    ];
    const write = async (name: string, data: Buffer | string) => {
      const p = join(poolDir, name);
      await writeFile(p, data);
      return p;
    };
    if (mix.pdfa > 0) out.pdfa!.push(await write(`a${v}.pdf`, await pdfaPage(text, { title: text[0]!, date: '2012-03-04T10:00:00Z' })));
    if (mix.pdf > 0) out.pdf!.push(await write(`p${v}.pdf`, legacyPdf(text)));
    if (mix.rtf > 0)
      out.rtf!.push(
        await write(
          `r${v}.rtf`,
          `{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 ${text.map((t) => t.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0)}?`)).join('\\par ')}\\par}`,
        ),
      );
    if (mix.txt > 0) out.txt!.push(await write(`t${v}.txt`, `${text.join('\n')}\n`));
    if (mix.tiff > 0)
      out.tiff!.push(
        await write(
          `s${v}.tif`,
          tiffImage(320 + v * 8, 200, (x, y) => (((x >> 4) + (y >> 4) + v) % 2 ? 250 : 20)),
        ),
      );
  }
  // Broken originals: a truncated PDF (found by validate) and one that only a converter finds broken.
  await write2(poolDir, 'truncated.pdf', Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'));
  await write2(poolDir, 'broken.pdf', Buffer.from('%PDF-1.4\nnot a pdf body at all\ntrailer\n<< >>\n%%EOF\n'));
  return out;
}

async function write2(dir: string, name: string, data: Buffer): Promise<void> {
  await writeFile(join(dir, name), data);
}

interface Client {
  index: number;
  hetu: string;
  temp?: string;
  name: string;
  tasks: string[];
}

/** Writes the export folder; the answer counts rows and the broken ones by class. */
export async function generateExport(
  o: GenerateOptions,
): Promise<{ rows: number; broken: Record<string, number>; correspondenceRows: number }> {
  const rng = new Random(o.seed);
  await rm(o.dir, { recursive: true, force: true });
  await mkdir(join(o.dir, 'files'), { recursive: true });
  const table = syntheticTable(o.codeSets, o.seed);
  const manifest: ExportManifest = {
    sourceSystem: 'Effica LS (synteettinen vienti)',
    registerKeeper: SYNTHETIC_REGISTER_KEEPER,
    serviceProvider: SYNTHETIC_REGISTER_KEEPER,
    documentOidRoot: `1.2.246.10.9990005.77.${o.seed}`,
    periodStart: `${FIRST_YEAR}-01-01`,
    exportedAt: LAST_DAY,
    documents: o.format === 'csv' ? 'documents.csv' : 'documents.jsonl',
    correspondence: 'correspondence.csv',
    files: 'files',
  };
  await writeFile(join(o.dir, 'export.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The organisations the documents name, as valid over the export's period: imported first (arkki org import).
  await writeFile(join(o.dir, 'organisations.json'), `${JSON.stringify(legacyOrganisations(manifest.periodStart), null, 2)}\n`);
  await writeFile(
    join(o.dir, 'correspondence.csv'),
    csvLine(CORRESPONDENCE_COLUMNS) + table.rows.map((r) => csvLine(CORRESPONDENCE_COLUMNS.map((c) => r[c]))).join(''),
  );
  const files = await pool(o.dir, o.mix);
  const formats = (Object.keys(o.mix) as Array<keyof FileMix>).filter((f) => o.mix[f] > 0);
  const formatWeights = formats.map((f) => o.mix[f]);
  const ext: Record<keyof FileMix, string> = { pdfa: 'pdf', pdf: 'pdf', rtf: 'rtf', txt: 'txt', tiff: 'tif' };

  // Clients: about 25 documents each on average, skewed.
  const clientCount = Math.max(8, Math.round(o.docs / 25));
  const docsOf = new Uint32Array(clientCount);
  for (let d = 0; d < o.docs; d++) docsOf[rng.skewed(clientCount, 2)]!++;
  const taskWeights = TASK_WEIGHTS.map(([, w]) => w);
  const servicesOf = (task: string) => table.services.filter((s) => s.serviceTask === task);
  const kindsOf = new Map<string, LocalKind[]>();
  for (const k of table.kinds) kindsOf.set(k.serviceTask, [...(kindsOf.get(k.serviceTask) ?? []), k]);

  const out = createWriteStream(join(o.dir, manifest.documents));
  const put = async (text: string | Buffer) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (o.format === 'csv') await put(csvLine(LEGACY_COLUMNS));
  const encodeRow = (row: LegacyRow, latin1: boolean): Buffer => {
    const text = o.format === 'csv' ? csvLine(LEGACY_COLUMNS.map((c) => row[c])) : `${JSON.stringify(row)}\n`;
    return Buffer.from(text, latin1 ? 'latin1' : 'utf8');
  };

  const broken: Record<string, number> = {};
  let rowIndex = 0;
  const yearWeights = Array.from({ length: 2026 - FIRST_YEAR + 1 }, (_, i) => 1 + i * 0.35);
  for (let c = 0; c < clientCount; c++) {
    const n = docsOf[c]!;
    if (n === 0) continue;
    const tempId = c % 173 === 5;
    const hetu = syntheticHetu(c);
    const client: Client = {
      index: c,
      hetu: tempId ? '' : hetu,
      // A temporary id has the henkilötunnus form (here a test number) under its issuer's OID.
      ...(tempId ? { temp: hetu } : {}),
      name: `${rng.pick(FAMILY)} ${rng.pick(GIVEN)}`,
      tasks: [...new Set([TASK_WEIGHTS[rng.weighted(taskWeights)]![0], TASK_WEIGHTS[rng.weighted(taskWeights)]![0]])].slice(
        0,
        rng.int(1, 2),
      ),
    };
    // Cases: one to three per service task, each in one local service and unit.
    const cases = client.tasks.flatMap((task) =>
      Array.from({ length: rng.int(1, 3) }, (_, k) => {
        const service: LocalService = rng.pick(servicesOf(task));
        return { id: `A${c}-${task}-${k + 1}`, name: CASE_NAMES[task]!, task, service, unit: rng.pick(service.units).local };
      }),
    );
    for (let d = 0; d < n; d++) {
      const kase = rng.pick(cases);
      const year = FIRST_YEAR + rng.weighted(yearWeights);
      const month = rng.int(1, year === 2026 ? 10 : 12);
      const completed = `${year}-${pad2(month)}-${pad2(rng.int(1, 28))}`;
      const kinds = kindsOf.get(kase.task)!.filter((k) => k.validFrom <= completed && (!k.validTo || completed <= k.validTo));
      const kind = kinds[rng.skewed(kinds.length, 1.6)]!;
      const format = formats[rng.weighted(formatWeights)]!;
      const rowId = `LS${String(rowIndex + 1).padStart(9, '0')}`;
      const author = rng.pick(AUTHORS);
      const row: LegacyRow = {
        row_id: rowId,
        client_hetu: client.hetu,
        client_temp_id: client.temp ?? '',
        client_temp_issuer: client.temp ? TEMP_ISSUER : '',
        client_name: client.name,
        local_kind: kind.code,
        local_service: kase.service.code,
        local_unit: kase.unit,
        case_id: kase.id,
        case_name: kase.name,
        title: `${kind.code} ${kase.name.toLowerCase()}: merkintä ${d + 1}`,
        author_name: author.name,
        author_id: author.id,
        author_role: author.role,
        created: completed > `${FIRST_YEAR}-01-05` ? shiftDay(completed, -rng.int(0, 3)) : completed,
        completed,
        language: 'fi',
        file: `${year}/${rowId}.${ext[format]}`,
      };
      const brokenClass = BROKEN_BY_OFFSET.get(rowIndex % REJECT_EVERY);
      let source: string = files[format]![rng.int(0, files[format]!.length - 1)]!;
      let latin1 = false;
      let duplicate = false;
      let writeFileToo = true;
      switch (brokenClass) {
        case 'unmappable-code':
          row.local_kind = `${kind.code.slice(0, 2)}99`;
          break;
        case 'code-not-valid-on-date': {
          const retired = kindsOf.get(kase.task)!.find((k) => k.validTo);
          if (retired) {
            row.local_kind = retired.code;
            row.completed = `2019-${pad2(month)}-15`;
            row.created = row.completed;
          } else row.local_kind = 'NONE';
          break;
        }
        case 'no-client-id':
          row.client_hetu = '';
          row.client_temp_id = '';
          row.client_temp_issuer = '';
          break;
        case 'invalid-hetu':
          row.client_hetu = wrongCheck(hetu);
          row.client_temp_id = '';
          row.client_temp_issuer = '';
          break;
        case 'invalid-temporary-id':
          row.client_hetu = '';
          row.client_temp_id = client.temp ?? hetu;
          row.client_temp_issuer = '1.2.246.10.12345.22.19';
          break;
        case 'missing-file':
          writeFileToo = false;
          break;
        case 'unreadable-file':
          row.file = `${year}/${rowId}.pdf`;
          source = join(o.dir, 'pool', 'truncated.pdf');
          break;
        case 'duplicate-row':
          duplicate = true;
          break;
        case 'wrong-encoding':
          row.title = `Päätös äidin ja isän tapaamisesta ${d + 1}`;
          latin1 = true;
          break;
        case 'date-out-of-range':
          row.completed = rowIndex % 2 === 0 ? '1997-05-14' : `${year}-02-30`;
          row.created = '';
          break;
        case 'case-without-name':
          row.case_id = `${kase.id}-nimeton`;
          row.case_name = '';
          break;
        case 'missing-field':
          row.title = '';
          break;
        case 'conversion-failed':
          row.file = `${year}/${rowId}.pdf`;
          source = join(o.dir, 'pool', 'broken.pdf');
          break;
      }
      if (brokenClass) broken[brokenClass] = (broken[brokenClass] ?? 0) + 1;
      if (writeFileToo) {
        const target = join(o.dir, 'files', row.file);
        await mkdir(join(o.dir, 'files', String(year)), { recursive: true });
        await link(source, target);
      }
      await put(encodeRow(row, latin1));
      rowIndex++;
      if (duplicate) {
        await put(encodeRow(row, false));
        rowIndex++;
      }
      if (rowIndex % 10_000 === 0) o.progress?.(rowIndex);
    }
  }
  out.end();
  await once(out, 'finish');
  return { rows: rowIndex, broken, correspondenceRows: table.rows.length };
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}
