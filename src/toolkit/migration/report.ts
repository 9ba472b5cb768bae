// What the records manager reads: every rejected row as a CSV line (the error file) with the reason in
// Finnish and English, and an HTML report with the counts per class, per year and per local code.
// The henkilötunnus is never written: the row id finds the row in the source system.
import type { SourceRow } from './legacy-rows.ts';
import { REJECT_CLASSES, REJECT_CLASS_ORDER, type RejectClass, type Rejection } from './reject-classes.ts';

export const ERROR_FILE_COLUMNS = [
  'row_id',
  'line',
  'class',
  'field',
  'reason_fi',
  'reason_en',
  'detail',
  'local_kind',
  'local_service',
  'local_unit',
  'completed',
] as const;

function csvValue(v: string): string {
  return /[",\n\r;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvValue).join(',')}\n`;
}

export const ERROR_FILE_HEADER = csvLine(ERROR_FILE_COLUMNS);

export function errorLine(source: Pick<SourceRow, 'line' | 'row'>, r: Rejection): string {
  const text = REJECT_CLASSES[r.class];
  const { row } = source;
  return csvLine([
    row.row_id,
    String(source.line),
    r.class,
    r.field,
    text.fi,
    text.en,
    r.detail,
    row.local_kind,
    row.local_service,
    row.local_unit,
    row.completed,
  ]);
}

/** Counts for the report; memory grows with classes × years × local codes, not rows. */
export class RejectTally {
  readonly byClass = new Map<RejectClass, number>();
  readonly byYear = new Map<string, Map<RejectClass, number>>();
  readonly byLocalCode = new Map<string, Map<RejectClass, number>>();
  readonly accepted = { total: 0, byYear: new Map<string, number>(), byType: new Map<string, number>(), byTask: new Map<string, number>() };
  rows = 0;

  reject(source: Pick<SourceRow, 'row'>, r: Rejection): void {
    const inc = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
    const nested = (m: Map<string, Map<RejectClass, number>>, k: string) => {
      if (!m.has(k)) m.set(k, new Map());
      inc(m.get(k)!, r.class);
    };
    inc(this.byClass, r.class);
    nested(this.byYear, /^\d{4}/.test(source.row.completed) ? source.row.completed.slice(0, 4) : '?');
    nested(this.byLocalCode, source.row.local_kind || '(empty)');
  }

  accept(year: string, documentType: string, serviceTask: string): void {
    const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    this.accepted.total++;
    inc(this.accepted.byYear, year);
    inc(this.accepted.byType, documentType);
    inc(this.accepted.byTask, serviceTask);
  }

  get rejected(): number {
    let n = 0;
    for (const v of this.byClass.values()) n += v;
    return n;
  }

  summary(): Record<string, unknown> {
    return {
      rows: this.rows,
      accepted: this.accepted.total,
      rejected: this.rejected,
      byClass: Object.fromEntries([...this.byClass].sort()),
      byYear: Object.fromEntries([...this.byYear].sort().map(([y, m]) => [y, Object.fromEntries(m)])),
    };
  }
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function classTable(title: string, keyName: string, rows: Map<string, Map<RejectClass, number>>, limit: number): string {
  const classes = REJECT_CLASS_ORDER.filter((c) => [...rows.values()].some((m) => m.has(c)));
  if (classes.length === 0) return '';
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const shown = sorted.slice(0, limit);
  const head = `<tr><th>${esc(keyName)}</th>${classes.map((c) => `<th><code>${c}</code></th>`).join('')}<th>yhteensä / total</th></tr>`;
  const body = shown
    .map(([k, m]) => {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      return `<tr><td>${esc(k)}</td>${classes.map((c) => `<td class="n">${m.get(c) ?? ''}</td>`).join('')}<td class="n">${total}</td></tr>`;
    })
    .join('\n');
  const more = sorted.length > limit ? `<p>${sorted.length - limit} more in the error file / loput virhetiedostossa</p>` : '';
  return `<h2>${title}</h2>\n<table>${head}\n${body}</table>${more}`;
}

export interface ReportHeader {
  title: string;
  sourceSystem: string;
  exportDir: string;
  mode: 'validate' | 'dry-run' | 'run';
  errorFile: string;
  generatedAt: string;
}

export function htmlReport(h: ReportHeader, t: RejectTally): string {
  const classRows = REJECT_CLASS_ORDER.filter((c) => t.byClass.has(c))
    .map((c) => {
      const x = REJECT_CLASSES[c];
      return `<tr><td><code>${c}</code></td><td class="n">${t.byClass.get(c)}</td><td>${esc(x.fi)}<br><i>${esc(x.en)}</i></td><td>${esc(x.action_fi)}<br><i>${esc(x.action_en)}</i></td></tr>`;
    })
    .join('\n');
  const accepted = (m: Map<string, number>, name: string) =>
    `<table><tr><th>${name}</th><th>rivejä / rows</th></tr>${[...m]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, n]) => `<tr><td>${esc(k)}</td><td class="n">${n}</td></tr>`)
      .join('')}</table>`;
  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><title>${esc(h.title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}td.n{text-align:right}.ok{color:#060}.bad{color:#a00}</style>
</head><body>
<h1>${esc(h.title)}</h1>
<p>Lähdejärjestelmä / source system: <b>${esc(h.sourceSystem)}</b> · vienti / export: <code>${esc(h.exportDir)}</code> · ${esc(h.mode)} · ${esc(h.generatedAt)}</p>
<p class="${t.rejected === 0 ? 'ok' : 'bad'}">Rivejä / rows: <b>${t.rows}</b> · hyväksytty / accepted: <b>${t.accepted.total}</b> · hylätty / rejected: <b>${t.rejected}</b>.
Jokainen hylätty rivi syineen on virhetiedostossa / every rejected row with its reason is in <code>${esc(h.errorFile)}</code>.</p>
<h2>Hylkäysluokat / rejected row classes</h2>
<table><tr><th>luokka / class</th><th>rivejä / rows</th><th>syy / reason</th><th>toimenpide / what to do</th></tr>
${classRows}</table>
${classTable('Hylätyt vuosittain / rejected per year (completed)', 'vuosi / year', t.byYear, 100)}
${classTable('Hylätyt paikallisen asiakirjalajin mukaan / rejected per local code', 'paikallinen koodi / local code', t.byLocalCode, 200)}
<h2>Hyväksytyt / accepted</h2>
${accepted(t.accepted.byYear, 'vuosi / year')}
${accepted(t.accepted.byTask, 'palvelutehtävä / service task')}
${accepted(t.accepted.byType, 'asiakirjatyyppi / document type')}
</body></html>
`;
}
