// `arkki conformance`: the harness for a vendor at the command line. `run` puts the recording proxy in front
// of a test archive until stopped (Ctrl-C or --duration) and writes the report; `requirements` prints the
// published list.
import type { Command } from 'commander';
import { loadTrust } from '../../lib/pki/index.ts';
import { isLang, type Lang } from '../../lib/ui/i18n.ts';
import { startHarness, writeReport } from './harness.ts';
import { reportMessages } from './report.ts';
import { REQUIREMENTS_FILE, requirementList } from './requirements.ts';

function langOf(value: string): Lang {
  if (!isLang(value)) throw new Error(`--lang must be fi, sv or en, got '${value}'`);
  return value;
}

export function registerConformanceCommands(program: Command): void {
  const group = program
    .command('conformance')
    .description("conformance test harness: certify a vendor's client system against the archive (docs/conformance.md)");

  group
    .command('requirements')
    .description('the published requirements the harness checks')
    .option('--json', 'print the data file as it is')
    .option('--lang <lang>', 'fi, sv or en', 'fi')
    .action((o: { json?: boolean; lang: string }) => {
      const list = requirementList();
      if (o.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      const lang = langOf(o.lang);
      console.log(`${list.id} ${list.version} (${REQUIREMENTS_FILE})`);
      for (const r of list.requirements) console.log(`${r.id}  ${r.title[lang]}\n     ${r.rule[lang]}\n     ${r.source[lang]}`);
    });

  group
    .command('run')
    .description('start the recording proxy in front of a test archive; on stop, write the conformance report')
    .requiredOption('--archive <url>', 'the test archive (origin or FHIR base), e.g. http://127.0.0.1:8080')
    .requiredOption('--pki <dir>', "the test PKI directory whose CAs and CRLs the systems' signatures are checked against")
    .requiredOption('--system <name>', 'name and version of the client system under test (printed on the report)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8090')
    .option('--out <dir>', 'where the report files go', 'conformance-report')
    .option('--lang <lang>', 'language of the HTML and PDF report: fi, sv or en', 'fi')
    .option('--duration <seconds>', 'stop by itself after this many seconds')
    .action(
      async (o: {
        archive: string;
        pki: string;
        system: string;
        host: string;
        port: string;
        out: string;
        lang: string;
        duration?: string;
      }) => {
        const lang = langOf(o.lang);
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got '${o.port}'`);
        const harness = await startHarness({ archive: o.archive, trust: await loadTrust(o.pki), system: o.system, host: o.host, port });
        console.log(`conformance harness: point the client system at ${harness.fhirBase} (forwarding to ${o.archive})`);
        console.log('run the test cases of docs/conformance.md, then press Ctrl-C to write the report');
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          if (o.duration !== undefined) setTimeout(stop, Number(o.duration) * 1000).unref();
        });
        const report = await harness.report();
        await harness.close();
        const files = await writeReport(report, harness.list, o.out, lang);
        const t = reportMessages(lang);
        console.log(
          `${t(`verdict.${report.verdict}`)} — ${t('counts', { pass: report.counts.pass, fail: report.counts.fail, notExercised: report.counts['not-exercised'] })}`,
        );
        for (const r of report.results) console.log(`  ${r.id} ${t(`outcome.${r.outcome}`)}`);
        for (const f of files) console.log(f);
        if (report.verdict !== 'conformant') process.exitCode = 2;
      },
    );
}
