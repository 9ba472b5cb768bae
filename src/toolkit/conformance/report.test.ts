import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import type { Observation } from './observe.ts';
import { buildReport } from './report.ts';
import { reportPdf } from './report-pdf.ts';
import { reportHtmlDocument } from './report-view.tsx';
import { requirementList } from './requirements.ts';

// The report in its three forms from one recording: the verdict rule, the HTML in each language, and a PDF
// that poppler reads (title, the requirement ids, the evidence's request ids).
const poppler = spawnSync('pdfinfo', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!poppler) requireSystemDependency('pdfinfo and pdftotext (poppler-utils)');

const list = requirementList();
const invalidation: Observation = {
  type: 'invalidation',
  request: 'r7',
  at: '2026-11-20T10:00:00Z',
  caller: { kind: 'system', id: 'system-vaasa' },
  setId: '1.2.3',
  reason: 'x',
  answer: { status: 400, rules: ['min-length'], retryable: false, refused: true },
};
const report = (observations: Observation[]) =>
  buildReport({
    observations,
    list,
    system: 'Toimittajan ATJ 4.2',
    archive: 'http://127.0.0.1:8080',
    started: new Date('2026-11-20T10:00:00Z'),
    ended: new Date('2026-11-20T11:00:00Z'),
    exchanges: observations.length,
  });

describe('conformance report', () => {
  it('is conformant only when every requirement passed; a failure outweighs what was not exercised', () => {
    assert.equal(report([]).verdict, 'incomplete');
    const failed = report([invalidation]);
    assert.equal(failed.verdict, 'not-conformant');
    assert.deepEqual(failed.counts, { pass: 0, fail: 1, 'not-exercised': list.requirements.length - 1 });
    assert.deepEqual(
      failed.results.find((r) => r.id === 'K06')?.evidence.map((e) => [e.request, e.rule]),
      [
        ['r7', 'reason'],
        ['r7', 'min-length'],
      ],
    );
  });

  it('HTML in fi, sv and en: the titles, the outcome words and the evidence', () => {
    const r = report([invalidation]);
    assert.match(
      reportHtmlDocument(r, list, 'fi'),
      /<html lang="fi">[\s\S]*Yhteensopivuusraportti[\s\S]*Mitätöinti perusteltuna: Ei täyttynyt/,
    );
    assert.match(reportHtmlDocument(r, list, 'sv'), /Överensstämmer inte[\s\S]*Ogiltigförklaring med motivering/);
    assert.match(reportHtmlDocument(r, list, 'en'), /Invalidation with a reason: Fail[\s\S]*r7/);
  });

  it('PDF: poppler reads the title and finds every requirement and the evidence', { skip: !poppler }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arkki-conformance-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, await reportPdf(report([invalidation]), list, 'fi'));
      assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /Title:\s+Yhteensopivuusraportti: Toimittajan ATJ 4\.2/);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const r of list.requirements) assert.match(text, new RegExp(r.id), r.id);
      assert.match(text, /Ei yhteensopiva/);
      assert.match(text, /r7 Ei täyttynyt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
