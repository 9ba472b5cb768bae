// `arkki migrate validate`: every row checked against the rules, the table and its file, nothing sent.
// Writes the rejected rows (CSV) and the HTML report into the output folder.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { checkFile } from './check-file.ts';
import { checkRow } from './check-row.ts';
import type { OpenedExport } from './export-folder.ts';
import { readLegacyRows } from './legacy-rows.ts';
import { ERROR_FILE_HEADER, errorLine, htmlReport, RejectTally } from './report.ts';

export interface ValidateResult {
  tally: RejectTally;
  errorFile: string;
  reportFile: string;
}

export async function validateExport(exp: OpenedExport, outDir: string, options: { repairLatin1: boolean }): Promise<ValidateResult> {
  await mkdir(outDir, { recursive: true });
  const errorFile = join(outDir, 'rejected-rows.csv');
  const reportFile = join(outDir, 'report.html');
  const errors = createWriteStream(errorFile);
  errors.write(ERROR_FILE_HEADER);
  const tally = new RejectTally();
  const seen = new Set<string>();
  for await (const source of readLegacyRows(exp.documentsFile)) {
    tally.rows++;
    let check = checkRow(source, { manifest: exp.manifest, table: exp.table, repairLatin1: options.repairLatin1 }, seen);
    if (check.ok) {
      const file = await checkFile(exp.filesDir, source.row.file);
      if (!file.ok) check = { ok: false, rejection: file.rejection };
    }
    if (check.ok) tally.accept(check.mapped.completedDay.slice(0, 4), check.mapped.codes.documentType, check.mapped.codes.serviceTask);
    else {
      tally.reject(source, check.rejection);
      if (!errors.write(errorLine(source, check.rejection))) await once(errors, 'drain');
    }
  }
  errors.end();
  await once(errors, 'finish');
  await writeFile(
    reportFile,
    htmlReport(
      {
        title: 'Siirtoaineiston tarkistus / legacy export validation',
        sourceSystem: exp.manifest.sourceSystem,
        exportDir: exp.dir,
        mode: 'validate',
        errorFile,
        generatedAt: new Date().toISOString(),
      },
      tally,
    ),
  );
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(tally.summary(), null, 2)}\n`);
  return { tally, errorFile, reportFile };
}
