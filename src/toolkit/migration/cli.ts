// `arkki migrate …`: the records manager's and the vendor's commands for moving a legacy export into the
// archive (docs/migration.md). Everything reaches the archive through lib/archive-api.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type ArchiveIdentity, createArchiveApi } from '../../lib/archive-api/index.ts';
import { DEFAULT_CODES_DIR, readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import { openExport } from './export-folder.ts';
import { DEFAULT_MIX, generateExport, PDFA_ONLY_MIX } from './generate.ts';
import { progressFor } from './progress.ts';
import { REJECT_CLASSES, REJECT_CLASS_ORDER } from './reject-classes.ts';
import { csvLine } from './report.ts';

interface ArchiveOptions {
  archive?: string;
  demoUser?: string;
  cert?: string;
  key?: string;
  ca?: string;
}

interface RunCliOptions extends ArchiveOptions {
  out: string;
  signingCert?: string;
  signingKey?: string;
  signingChain?: string;
  batch: string;
  inFlight: string;
  signWorkers?: string;
  repairLatin1?: boolean;
}

function positive(name: string, raw: string, max = 100_000): number {
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number 1–${max}, got '${raw}'`);
  return n;
}

function withArchiveOptions(c: Command): Command {
  return c
    .option('--archive <url>', 'the archive FHIR base, e.g. https://archive.example/fhir/R4')
    .option('--demo-user <id>', 'demo mode: the demo user to act as (X-Arkki-Demo-User)')
    .option('--cert <file>', 'production: the system certificate (PEM) presented over mTLS')
    .option('--key <file>', "production: the system certificate's private key (PEM)")
    .option('--ca <file>', "the CA chain of the archive's server certificate (PEM)");
}

async function archiveOf(o: ArchiveOptions) {
  if (!o.archive) throw new Error('--archive <url> is required');
  let identity: ArchiveIdentity;
  if (o.cert || o.key) {
    if (!o.cert || !o.key) throw new Error('--cert and --key go together');
    identity = { kind: 'system-certificate', certPem: await readFile(o.cert, 'utf8'), keyPem: await readFile(o.key, 'utf8') };
  } else if (o.demoUser) identity = { kind: 'demo-user', userId: o.demoUser };
  else throw new Error('give --cert and --key (production) or --demo-user (demo mode)');
  return createArchiveApi({
    baseUrl: o.archive,
    identity,
    ...(o.ca ? { caPem: await readFile(o.ca, 'utf8') } : {}),
    timeouts: { connectMs: 10_000, requestMs: 120_000 },
    userAgent: 'arkki-migrate',
  });
}

async function signingKeyOf(o: RunCliOptions): Promise<SigningKey> {
  const cert = o.signingCert ?? o.cert;
  const key = o.signingKey ?? o.key;
  if (!cert || !key) throw new Error('--signing-cert and --signing-key are required: every document carries the system signature');
  return {
    certificatePem: await readFile(cert, 'utf8'),
    privateKeyPem: await readFile(key, 'utf8'),
    ...(o.signingChain ? { chainPem: await readFile(o.signingChain, 'utf8') } : {}),
  };
}

const log = (line: string) => console.log(line);

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('legacy data migration: correspondence table, validate, run, resume, reconcile');

  migrate
    .command('generate')
    .description('write a synthetic legacy export (test data only: test henkilötunnus numbers 900–999)')
    .requiredOption('--out <dir>', 'the export folder to write (replaced)')
    .option('--docs <n>', 'document rows', '10000')
    .option('--seed <n>', 'the same seed gives the same export', '1')
    .option('--format <csv|jsonl>', 'metadata file format', 'csv')
    .option('--mix <default|pdfa>', 'original file formats: default (97 % PDF/A, the rest PDF, RTF, text, TIFF) or pdfa', 'default')
    .action(async (o: { out: string; docs: string; seed: string; format: string; mix: string }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') throw new Error(`--format must be csv or jsonl, got '${o.format}'`);
      if (o.mix !== 'default' && o.mix !== 'pdfa') throw new Error(`--mix must be default or pdfa, got '${o.mix}'`);
      const started = Date.now();
      const result = await generateExport({
        dir: resolve(o.out),
        docs: positive('docs', o.docs, 10_000_000),
        seed: positive('seed', o.seed, 2 ** 31),
        format: o.format,
        mix: o.mix === 'pdfa' ? PDFA_ONLY_MIX : DEFAULT_MIX,
        codeSets: CodeSets.fromFiles(await readCodeSetFiles(DEFAULT_CODES_DIR)),
        progress: (n) => log(`generate: ${n} rows`),
      });
      log(
        `generate: ${result.rows} rows, ${result.correspondenceRows} correspondence rows, broken rows ${JSON.stringify(result.broken)} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${resolve(o.out)}`,
      );
    });

  migrate
    .command('validate <export>')
    .description('check every row, its local codes and its file; write rejected-rows.csv and report.html (nothing is sent)')
    .option('--out <dir>', 'where the report goes', 'migration-report')
    .option('--repair-latin1', 'read values that are not UTF-8 as Latin-1 instead of rejecting the row')
    .action(async (dir: string, o: { out: string; repairLatin1?: boolean }) => {
      const { validateExport } = await import('./validate.ts');
      const exp = await openExport(dir);
      const r = await validateExport(exp, resolve(o.out), { repairLatin1: !!o.repairLatin1 });
      log(
        `validate: ${r.tally.rows} rows, ${r.tally.accepted.total} accepted, ${r.tally.rejected} rejected; correspondence table ${exp.table.rows} rows`,
      );
      for (const c of REJECT_CLASS_ORDER)
        if (r.tally.byClass.has(c))
          log(`  ${String(r.tally.byClass.get(c)).padStart(8)}  ${c}  ${REJECT_CLASSES[c].fi} / ${REJECT_CLASSES[c].en}`);
      log(`  rows: ${r.errorFile}\n  report: ${r.reportFile}`);
    });

  const runCommand = (name: 'run' | 'dry-run', description: string) =>
    withArchiveOptions(migrate.command(`${name} <export>`).description(description))
      .option('--out <dir>', 'checkpoint, error file and report (the same folder resumes)', 'migration-run')
      .option('--signing-cert <file>', 'the system signature certificate (PEM); default --cert')
      .option('--signing-key <file>', 'its private key (PEM); default --key')
      .option('--signing-chain <file>', 'intermediate CA certificate(s) put in KeyInfo (PEM)')
      .option('--batch <n>', 'documents per batch Bundle (the archive takes up to 1,000)', '250')
      .option('--in-flight <n>', 'batches being prepared or sent at once', '4')
      .option('--sign-workers <n>', 'threads that build and sign the CDA documents (0: the main thread); default one per core')
      .option('--repair-latin1', 'read values that are not UTF-8 as Latin-1 instead of rejecting the row')
      .action(async (dir: string, o: RunCliOptions) => {
        const { runMigration } = await import('./run.ts');
        const exp = await openExport(dir);
        const archive = name === 'run' ? await archiveOf(o) : undefined;
        try {
          const r = await runMigration({
            exp,
            outDir: resolve(o.out),
            ...(archive ? { archive } : {}),
            signingKey: await signingKeyOf(o),
            batchSize: positive('batch', o.batch, 1000),
            inFlight: positive('in-flight', o.inFlight, 32),
            signWorkers: {
              ...(o.signWorkers === undefined ? {} : { count: o.signWorkers === '0' ? 0 : positive('sign-workers', o.signWorkers, 64) }),
              codesDir: DEFAULT_CODES_DIR,
            },
            repairLatin1: !!o.repairLatin1,
            progress: progressFor(process.stderr, log),
            log,
          });
          log(
            `${name}: ${r.rows} rows${r.resumedFrom ? ` (resumed after row ${r.resumedFrom})` : ''}; ${name === 'run' ? 'archived' : 'would archive'} ${r.archived}${name === 'run' ? `, already archived ${r.alreadyArchived}` : ''}, clienthood and case documents ${r.records}, converted to PDF/A ${r.converted}, rejected ${r.rejected}\n  errors: ${r.errorFile}\n  report: ${r.reportFile}`,
          );
        } finally {
          await archive?.close();
        }
      });
  runCommand('dry-run', 'everything but the writes: check, read, convert and sign every document; the same report');
  runCommand('run', 'migrate into the archive as a storing system: batched, resumable (run again with the same --out), idempotent');

  withArchiveOptions(migrate.command('reconcile <export>'))
    .description(
      'source counts minus the rejects against the archive, by year, document type and service task (needs an identity that may search)',
    )
    .option('--out <dir>', 'the run folder (its errors.csv); reconcile.csv is written there', 'migration-run')
    .option('--repair-latin1', 'as the run was made')
    .action(async (dir: string, o: ArchiveOptions & { out: string; repairLatin1?: boolean }) => {
      const { reconcile } = await import('./reconcile.ts');
      const exp = await openExport(dir);
      const archive = await archiveOf(o);
      try {
        const r = await reconcile(exp, resolve(o.out), archive, { repairLatin1: !!o.repairLatin1 });
        await writeFile(
          join(resolve(o.out), 'reconcile.csv'),
          csvLine(['dimension', 'value', 'expected', 'archived', 'difference']) +
            r.lines
              .map((l) => csvLine([l.dimension, l.value, String(l.expected), String(l.archived), String(l.archived - l.expected)]))
              .join(''),
        );
        for (const l of r.lines.filter((x) => x.expected !== x.archived))
          log(`  ${l.dimension} ${l.value}: expected ${l.expected}, archive ${l.archived}`);
        log(r.summary);
        if (!r.matches) process.exitCode = 1;
      } finally {
        await archive.close();
      }
    });
}
