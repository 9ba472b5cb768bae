import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import { CHECKED_FIELDS, PRECONDITIONS } from '../domain/deployment-test.ts';
import { type ReportInput, reportModel } from '../domain/test-report.ts';
import { reportPdf } from './report-pdf.ts';

// The report PDF as the national service opens it: poppler's pdfinfo reads its title, pdftotext finds
// the organisation, the due date two working days on, the subject line and the outcome, in fi and sv.
const poppler = spawnSync('pdfinfo', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!poppler) requireSystemDependency('pdfinfo and pdftotext (poppler-utils)');

const input: ReportInput = {
  organisationName: 'Pohjanmaan hyvinvointialue',
  organisationOid: '1.2.246.10.9990001.10.1',
  testedOn: '2027-06-24',
  clientSystem: 'Abilita Sosiaalihuolto 7.2',
  testClient: 'Testi Testinen (toimittajan testiasiakas)',
  professional: 'Sanna Sosiaalityöntekijä',
  archivist: 'Arja Arkistonhoitaja',
  preconditions: PRECONDITIONS.map((key) => ({ key, ok: true, detail: 'ok' })),
  documents: [
    { documentId: '1.2.246.10.9990001.10.1.77.1', documentType: 'Asiakaskertomus', values: { serviceUnit: 'Lastensuojelu, Vaasa' } },
  ],
  checks: CHECKED_FIELDS.map((field) => ({
    documentId: '1.2.246.10.9990001.10.1.77.1',
    field,
    result: 'pass',
    remark: field === 'case' ? 'Äidin asia' : '',
  })),
  outcome: 'passed',
};

describe('deployment test report PDF', { skip: !poppler }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-report-'));
  const extract = async (lang: 'fi' | 'sv') => {
    const file = join(dir, `report-${lang}.pdf`);
    writeFileSync(file, await reportPdf(reportModel(input, lang), new Date('2027-06-24T12:00:00Z')));
    return {
      info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
      text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    };
  };
  it('in Finnish: title, subject line, the due date after Midsummer, the findings and the outcome', async () => {
    const { info, text } = await extract('fi');
    assert.match(info, /Title:\s+Käyttöönottokokeen raportti – SHA käyttöönottokoe Pohjanmaan hyvinvointialue/);
    assert.match(info, /Pages:\s+[12]/);
    assert.match(text, /Viestin aihe: SHA käyttöönottokoe Pohjanmaan hyvinvointialue/);
    assert.match(text, /Raportti lähetettävä viimeistään: 29\.6\.2027/);
    assert.match(text, /kanta@kanta\.fi/);
    assert.match(text, /Äidin asia/);
    assert.match(text, /Onnistunut/);
  });
  it('in Swedish', async () => {
    const { text } = await extract('sv');
    assert.match(text, /Rapporten ska skickas senast: 29\.6\.2027/);
    assert.match(text, /Lyckat/);
    rmSync(dir, { recursive: true, force: true });
  });
});
