// `arkki log …`: the usage log (käyttöloki). `arkki log verify` checks its hash chain.
import type { Command } from 'commander';
import { verifyUsageLog, type ChainBreak, type VerifyReport } from '../service/verify-usage-log.ts';
import { openArchiveDbFromEnv } from './database.ts';

function where(b: ChainBreak): string {
  if (b.registerKeeperOid === null) return 'usage log';
  return `${b.registerKeeperOid} ${b.clientKey === '' ? '(register-wide)' : b.clientKey}`;
}

/** The report as lines for the console; broken partitions first. */
export function formatVerifyReport(r: VerifyReport): string[] {
  const lines = r.breaks.map(
    (b) =>
      `BROKEN ${where(b)}: ${b.kind}${b.id !== null ? ` at row id ${b.id}` : ''}${b.seq !== null ? ` (seq ${b.seq})` : ''}: ${b.message}`,
  );
  const pre = r.preChainRows > 0 ? `, ${r.preChainRows} pre-chain rows not verified` : '';
  lines.push(
    r.breaks.length === 0
      ? `usage log OK: ${r.verifiedRows} rows verified in ${r.partitions} partitions${pre}`
      : `usage log BROKEN: ${r.breaks.length} break(s) found; ${r.verifiedRows} rows verified in ${r.partitions} partitions${pre}`,
  );
  return lines;
}

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('usage log (käyttöloki)');

  log
    .command('verify')
    .description(
      'recompute the hash chain of every log partition (register keeper, client); exit code 1 when a row was changed, deleted, inserted or reordered',
    )
    .option('--register-keeper <oid>', 'only this register keeper')
    .option('--client <key>', "only this client (henkilötunnus or temporary id; '' for register-wide rows)")
    .action(async (options: { registerKeeper?: string; client?: string }) => {
      const db = await openArchiveDbFromEnv();
      try {
        const report = await verifyUsageLog(db, {
          ...(options.registerKeeper !== undefined ? { registerKeeperOid: options.registerKeeper } : {}),
          ...(options.client !== undefined ? { clientKey: options.client } : {}),
        });
        const lines = formatVerifyReport(report);
        for (const l of lines.slice(0, -1)) console.error(l);
        console.log(lines[lines.length - 1]);
        if (report.breaks.length > 0) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
