// `arkki monitor …` (log monitoring, lokivalvonta) and `arkki log export`: the log controller's tools.
// The CLI acts with direct database access, so it acts as the register keeper's log controller
// (role archivist, user `cli:<os user>`) and every read it makes is logged under that name.
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadArchiveConfig } from '../config.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import { prepareArchive } from '../bootstrap.ts';
import { depsOf } from '../context.ts';
import { readMonitorSettings } from '../service/log-monitoring-settings.ts';
import { listLogAlerts } from '../service/log-alerts.ts';
import { openLogExport } from '../service/log-export.ts';
import { runLogMonitor } from '../service/log-monitoring.ts';
import { monthlyReport } from '../service/monthly-report.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { openArchiveDbFromEnv } from './database.ts';

/** The identity the CLI acts under for one register keeper. */
export function cliLogController(registerKeeperOid: string, user = userInfo().username): Identity {
  return {
    userId: `cli:${user}`,
    name: `arkki CLI (${user})`,
    role: 'archivist',
    organisationOid: registerKeeperOid,
    registerKeeperOid,
    serviceTasks: ['*'],
    systemId: 'arkki-cli',
  };
}

async function withDeps<T>(fn: (deps: ArchiveDeps) => Promise<T>): Promise<T> {
  const config = loadArchiveConfig(process.env);
  const db = await openArchiveDbFromEnv();
  try {
    return await fn(depsOf(await prepareArchive(db, config.mode, config.maxBodyBytes)));
  } finally {
    await db.close();
  }
}

export function registerMonitorCommands(program: Command): void {
  const monitor = program.command('monitor').description('log monitoring (lokivalvonta)');

  monitor
    .command('run')
    .description('evaluate the usage log rows logged since the last run and raise or extend alerts (safe to repeat)')
    .option('--register-keeper <oid>', 'only this register keeper')
    .option('--settings <file>', 'JSON file with thresholds (massAccess, deniedAttempts, workingHours, rules)')
    .action(async (o: { registerKeeper?: string; settings?: string }) => {
      const settings = await readMonitorSettings(o.settings);
      const results = await withDeps((deps) =>
        runLogMonitor(deps, { settings, ...(o.registerKeeper ? { registerKeeperOid: o.registerKeeper } : {}) }),
      );
      for (const r of results) {
        console.log(
          `${r.registerKeeperOid}: ${r.rowsEvaluated} rows evaluated, ${r.raised} alerts raised, ${r.extended} extended, ${r.reopened} reopened (cursor ${r.cursor})`,
        );
      }
      if (results.length === 0) console.log('no usage log yet');
    });

  monitor
    .command('report')
    .description('monthly self-monitoring (omavalvonta) report of one register keeper, as JSON')
    .requiredOption('--month <YYYY-MM>', 'Finnish calendar month')
    .requiredOption('--register-keeper <oid>', 'register keeper')
    .action(async (o: { month: string; registerKeeper: string }) => {
      const report = await withDeps((deps) => monthlyReport(deps, cliLogController(o.registerKeeper), o.month));
      console.log(JSON.stringify(report, null, 2));
    });

  monitor
    .command('alerts')
    .description('list alerts of one register keeper')
    .requiredOption('--register-keeper <oid>', 'register keeper')
    .option('--status <status>', 'open, acknowledged or reviewed')
    .option('--rule <rule>', 'special-reason, own-data, mass-access, outside-hours, turvakielto, denied-attempts')
    .option('--month <YYYY-MM>', 'alerts whose time window starts in this month')
    .action(async (o: { registerKeeper: string; status?: string; rule?: string; month?: string }) => {
      const { alerts, total } = await withDeps((deps) =>
        listLogAlerts(deps, cliLogController(o.registerKeeper), { status: o.status, rule: o.rule, month: o.month, limit: 500 }),
      );
      for (const a of alerts) {
        console.log(
          [
            a.alertId,
            a.status,
            a.rule,
            a.userId,
            a.windowStart,
            a.windowEnd,
            `${a.clientKeys.length} client(s)`,
            `rows ${a.usageIds.join(' ')}`,
          ].join('\t'),
        );
      }
      console.log(`${alerts.length} of ${total} alerts`);
    });

  const log = program.commands.find((c) => c.name() === 'log') ?? program.command('log').description('usage log (käyttöloki)');
  log
    .command('export')
    .description("export a register keeper's usage or disclosure log as CSV or JSON (the export is logged)")
    .requiredOption('--register-keeper <oid>', 'register keeper')
    .option('--log <kind>', 'usage or disclosure', 'usage')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--month <YYYY-MM>', 'Finnish calendar month')
    .option('--from <date>', 'from this Finnish day (YYYY-MM-DD) or instant, inclusive')
    .option('--to <date>', 'to this Finnish day or instant, exclusive')
    .option('--client <key>', 'only this client (henkilötunnus or temporary id)')
    .option('--user <id>', 'only this user')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      async (o: {
        registerKeeper: string;
        log: string;
        format: string;
        month?: string;
        from?: string;
        to?: string;
        client?: string;
        user?: string;
        out?: string;
      }) => {
        await withDeps(async (deps) => {
          const exp = await openLogExport(deps, cliLogController(o.registerKeeper), {
            log: o.log,
            format: o.format,
            month: o.month,
            from: o.from,
            to: o.to,
            clientKey: o.client,
            userId: o.user,
          });
          const sink: Writable = o.out
            ? createWriteStream(o.out)
            : new Writable({
                write: (chunk, _enc, done) => {
                  process.stdout.write(chunk, () => done());
                },
              });
          await pipeline(Readable.from(exp.chunks), sink);
          if (o.out) console.error(`${exp.log} log written to ${o.out}`);
        });
      },
    );
}
