// `npm run bench -- --only migration`: the legacy migration end to end on PostgreSQL 15 — a synthetic
// export (PDF/A originals) generated, then `arkki migrate run` as its own process against the archive as
// its own process (demo mode, the storing system's demo identity, signed CDA in batch Bundles), timed
// from the run's start to its end. Peak RSS (VmHWM) and CPU seconds of each process come from /proc.
// Beside it, on a sample in this process: CPU per document of the sender's stages (read + check, CDA +
// signature), and conversion to PDF/A as files/s per original format (Ghostscript, LibreOffice).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CodeSets } from '../src/lib/codes/code-sets.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../src/lib/codes/code-set-files.ts';
import { createTestPki, issueSystemSigningCertificate, PKI_FILES } from '../src/lib/pki/index.ts';
import { checkFile } from '../src/toolkit/migration/check-file.ts';
import { checkRow } from '../src/toolkit/migration/check-row.ts';
import { convertToPdfA, toolAvailable } from '../src/toolkit/migration/convert.ts';
import { openExport } from '../src/toolkit/migration/export-folder.ts';
import { generateExport, PDFA_ONLY_MIX } from '../src/toolkit/migration/generate.ts';
import { readLegacyRows } from '../src/toolkit/migration/legacy-rows.ts';
import { documentMetadata } from '../src/toolkit/migration/national-metadata.ts';
import { signedCda } from '../src/toolkit/migration/signed-cda.ts';
import { LEGACY_ORGANISATION } from '../src/toolkit/migration/synthetic-table.ts';
import { tiffImage } from '../src/toolkit/migration/tiff-image.ts';
import { legacyPdf } from '../src/lib/render/placeholder-pdf.ts';
import { startTempPostgres } from '../scripts/pg-temp.mjs';
import { note } from './progress.ts';

const root = new URL('../', import.meta.url).pathname;

export interface ProcessFigures {
  peakRssMiB: number;
  cpuSeconds: number;
}

export interface MigrationBenchResult {
  documents: number;
  rows: number;
  records: number;
  seconds: number;
  documentsPerSecond: number;
  /** Documents + derived clienthood and case documents per second (what the archive stored). */
  archivedPerSecond: number;
  generateSeconds: number;
  migration: ProcessFigures;
  archive: ProcessFigures;
  /** CPU ms per document of the sender's stages, measured on a sample in this process. */
  senderCpuMsPerDocument: { readAndCheck: number; cdaAndSignature: number };
  /** CPU ms per document (archived, records included) of the archive process during the run. */
  archiveCpuMsPerDocument: number;
  extrapolation: { documents: number; minutes: number; limitedBy: string };
  conversionFilesPerSecond: Record<string, number | string>;
  loadAverage: { before: number; after: number };
  batch: number;
  inFlight: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Samples VmHWM and CPU of a child until it exits; the last sample before exit is the answer. */
function watch(proc: ChildProcess): { figures: () => ProcessFigures; stop: () => void } {
  const clockTicks = 100;
  let last: ProcessFigures = { peakRssMiB: 0, cpuSeconds: 0 };
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${proc.pid}/status`, 'utf8');
      const stat = (await readFile(`/proc/${proc.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      last = { peakRssMiB: Math.round(hwm), cpuSeconds: Math.round(((Number(stat[11]) + Number(stat[12])) / clockTicks) * 10) / 10 };
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(() => void sample(), 250);
  return { figures: () => last, stop: () => clearInterval(timer) };
}

function waitForLine(proc: ChildProcess, pattern: RegExp, seconds: number): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${seconds} s:\n${out}`)), seconds * 1000);
    const on = (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', (d) => {
      out += d;
    });
    proc.on('exit', (c) => {
      clearTimeout(timer);
      if (!pattern.exec(out)) reject(new Error(`exited ${c}:\n${out}`));
    });
  });
}

async function conversionRates(work: string): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const n = 6;
  const samples: Record<string, { ext: string; data: Buffer | string; format: 'pdf' | 'rtf' | 'txt' | 'tiff' }> = {
    'pdf (not PDF/A) → Ghostscript': { ext: 'pdf', data: legacyPdf(['Vanha PDF 1.4', 'ilman upotettuja fontteja']), format: 'pdf' },
    'rtf → LibreOffice': { ext: 'rtf', data: '{\\rtf1\\ansi Vanha RTF-asiakirja\\par}', format: 'rtf' },
    'txt → LibreOffice': { ext: 'txt', data: 'Vanha tekstitiedosto\nrivi 2\n', format: 'txt' },
    'tiff → LibreOffice': { ext: 'tif', data: tiffImage(600, 800, (x, y) => (((x >> 5) + (y >> 5)) % 2 ? 240 : 30)), format: 'tiff' },
  };
  for (const [label, s] of Object.entries(samples)) {
    const tool = s.format === 'pdf' ? 'gs' : 'soffice';
    if (!(await toolAvailable(tool))) {
      out[label] = `not measured: ${tool} missing (scripts/install-system-deps.sh)`;
      continue;
    }
    const items = [];
    for (let i = 0; i < n; i++) {
      const path = join(work, `conv-${s.ext}-${i}.${s.ext}`);
      await writeFile(path, s.data);
      items.push({ path, format: s.format });
    }
    const t = performance.now();
    const results = await convertToPdfA(items);
    const seconds = (performance.now() - t) / 1000;
    const ok = results.filter((r) => r.ok).length;
    out[label] = ok === n ? Math.round((n / seconds) * 100) / 100 : `${n - ok} of ${n} failed`;
  }
  return out;
}

export async function migrationBenchmark(options: {
  docs: number;
  batch: number;
  inFlight: number;
  seed: number;
}): Promise<MigrationBenchResult> {
  const pgServer = await startTempPostgres();
  if (!pgServer) throw new Error('the migration benchmark needs PostgreSQL 15 (scripts/install-system-deps.sh)');
  const work = await mkdtemp(join(tmpdir(), 'arkki-bench-migration-'));
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    pgServer.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    const codeSets = CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR));
    let t = performance.now();
    const generated = await generateExport({
      dir: join(work, 'export'),
      docs: options.docs,
      seed: options.seed,
      format: 'csv',
      mix: PDFA_ONLY_MIX,
      codeSets,
    });
    const generateSeconds = (performance.now() - t) / 1000;
    note(`generated ${generated.rows} rows in ${generateSeconds.toFixed(1)} s`);

    // The test archive's clock stands at its fixture's NOW: the certificates must be valid then.
    const now = new Date('2026-11-20T10:00:00Z');
    const pki = await createTestPki(join(work, 'pki'), { now });
    // The system signature is made with the system's signing certificate (a TLS certificate is refused).
    const signer = await issueSystemSigningCertificate(pki, {
      organisationOid: LEGACY_ORGANISATION,
      profile: 'storing',
      name: 'Vanha ATJ (siirto)',
      now,
    });
    await writeFile(join(work, 'signer.cert.pem'), signer.certPem);
    await writeFile(join(work, 'signer.key.pem'), signer.keyPem);

    const name = `arkki_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const dbUrl = new URL(pgServer.url);
    dbUrl.pathname = `/${name}`;
    const port = await freePort();
    const archive = spawn(process.execPath, ['--import', 'tsx', 'test/support/archive-process.ts'], {
      cwd: root,
      env: {
        ...process.env,
        ARKKI_TEST_ARCHIVE_DB: dbUrl.toString(),
        ARKKI_TEST_ARCHIVE_PKI: join(work, 'pki'),
        ARKKI_TEST_ARCHIVE_PORT: String(port),
        ARKKI_TEST_ARCHIVE_EXPORT: join(work, 'export'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(archive);
    const archiveWatch = watch(archive);
    await waitForLine(archive, /listening \S+/, 300);
    const archiveCpuBefore = archiveWatch.figures().cpuSeconds;

    const before = loadavg()[0]!;
    t = performance.now();
    const migration = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/index.ts',
        'migrate',
        'run',
        join(work, 'export'),
        '--out',
        join(work, 'run'),
        '--archive',
        `http://127.0.0.1:${port}/fhir/R4`,
        '--demo-user',
        'system-legacy',
        '--signing-cert',
        join(work, 'signer.cert.pem'),
        '--signing-key',
        join(work, 'signer.key.pem'),
        '--signing-chain',
        join(work, 'pki', PKI_FILES.intermediateCert),
        '--batch',
        String(options.batch),
        '--in-flight',
        String(options.inFlight),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(migration);
    const migrationWatch = watch(migration);
    let out = '';
    migration.stdout.on('data', (d) => {
      out += d;
      const lines = String(d).trim().split('\n');
      note(lines.at(-1)!);
    });
    migration.stderr.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((r) => migration.once('exit', (c) => r(c)));
    const seconds = (performance.now() - t) / 1000;
    migrationWatch.stop();
    if (code !== 0) throw new Error(`migrate run exited ${code}:\n${out}`);
    const after = loadavg()[0]!;
    const checkpoint = JSON.parse(await readFile(join(work, 'run', 'checkpoint.json'), 'utf8')) as {
      counts: { archived: number; alreadyArchived: number; records: number; rejected: number };
    };
    // A run whose documents the archive refused measures nothing: say why instead of a rate.
    // (The generator's broken rows are a few per cent; most of the export must arrive.)
    if (checkpoint.counts.archived + checkpoint.counts.alreadyArchived < generated.rows / 2) {
      const errors = (await readFile(join(work, 'run', 'errors.csv'), 'utf8')).split('\n').slice(1, 3).join('\n');
      throw new Error(`the archive refused the migration's documents (${checkpoint.counts.rejected} rejected), first errors:\n${errors}`);
    }
    await new Promise((r) => setTimeout(r, 600));
    const archiveFigures = archiveWatch.figures();
    archiveWatch.stop();

    // The sender's stages one at a time on a sample, in this process.
    const exp = await openExport(join(work, 'export'), codeSets);
    const key = { privateKeyPem: signer.keyPem, certificatePem: signer.certPem };
    const sample: Array<{ mapped: Parameters<typeof documentMetadata>[1]; pdf: Buffer }> = [];
    const seen = new Set<string>();
    const cpu0 = process.cpuUsage();
    for await (const source of readLegacyRows(exp.documentsFile)) {
      const c = checkRow(source, { manifest: exp.manifest, table: exp.table, repairLatin1: false }, seen);
      if (!c.ok) continue;
      const f = await checkFile(exp.filesDir, source.row.file);
      if (!f.ok) continue;
      sample.push({ mapped: c.mapped, pdf: await readFile(f.path) });
      if (sample.length >= 200) break;
    }
    const cpu1 = process.cpuUsage(cpu0);
    for (const s of sample) signedCda(documentMetadata(exp.manifest, s.mapped), s.pdf, codeSets, key);
    const cpu2 = process.cpuUsage(cpu0);
    const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const readAndCheck = ms(cpu1) / sample.length;
    const cdaAndSignature = (ms(cpu2) - ms(cpu1)) / sample.length;

    const archived = checkpoint.counts.archived + checkpoint.counts.alreadyArchived;
    const stored = archived + checkpoint.counts.records;
    const docsPerSecond = archived / seconds;
    const archiveCpuMs = ((archiveFigures.cpuSeconds - archiveCpuBefore) * 1000) / stored;
    const senderMs = readAndCheck + cdaAndSignature;
    const target = 2_000_000;
    const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      documents: archived,
      rows: generated.rows,
      records: checkpoint.counts.records,
      seconds: round(seconds),
      documentsPerSecond: round(docsPerSecond),
      archivedPerSecond: round(stored / seconds),
      generateSeconds: round(generateSeconds),
      migration: migrationWatch.figures(),
      archive: archiveFigures,
      senderCpuMsPerDocument: { readAndCheck: round(readAndCheck, 2), cdaAndSignature: round(cdaAndSignature, 2) },
      archiveCpuMsPerDocument: round(archiveCpuMs, 2),
      extrapolation: {
        documents: target,
        minutes: round(target / docsPerSecond / 60),
        limitedBy:
          senderMs > archiveCpuMs
            ? `the sender's CDA generation and XML signature (${round(senderMs)} ms CPU per document against the archive's ${round(archiveCpuMs)} ms)`
            : `the archive's ingest (${round(archiveCpuMs)} ms CPU per document against the sender's ${round(senderMs)} ms)`,
      },
      conversionFilesPerSecond: await conversionRates(work),
      loadAverage: { before: round(before, 1), after: round(after, 1) },
      batch: options.batch,
      inFlight: options.inFlight,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    pgServer.stop();
    await rm(work, { recursive: true, force: true });
  }
}
