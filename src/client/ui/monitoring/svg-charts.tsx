// Server-rendered SVG charts of the monitoring page: no script, no library, readable without colour (each
// series has its own pattern of position and a legend), and every chart has its numbers in a table beside it.
import type { DayFigures } from '../../domain/monitoring.ts';

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11); the legend's are in workbench.css (no inline styles under the CSP). */
export const SERIES = [
  { key: 'sent', colour: '#1f5fa8' },
  { key: 'accepted', colour: '#2e7d32' },
  { key: 'refused', colour: '#b3261e' },
  { key: 'retried', colour: '#8a5a00' },
] as const;

type SeriesKey = (typeof SERIES)[number]['key'];

/** Grouped bars per day (sent, accepted, refused, retried) and a line of what waited at the end of the day. */
export function DayChart({ days, labels, title }: { days: DayFigures[]; labels: Record<SeriesKey | 'waiting', string>; title: string }) {
  const width = 760;
  const height = 240;
  const left = 44;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const max = Math.max(1, ...days.flatMap((d) => [d.sent, d.accepted, d.refused, d.retried, d.waiting]));
  const step = (width - left - 8) / Math.max(1, days.length);
  const bar = Math.max(1, Math.min(8, (step - 2) / 4));
  const y = (v: number) => 10 + plotH - (v / max) * plotH;
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const line = days.map((d, i) => `${(left + i * step + step / 2).toFixed(1)},${y(d.waiting).toFixed(1)}`).join(' ');
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        {ticks.map((t) => (
          <g>
            <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke="#d0d0d0" stroke-width="1" />
            <text x={left - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#333">
              {String(t)}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g>
            {SERIES.map((s, k) => {
              const v = d[s.key];
              return v > 0 ? (
                <rect x={left + i * step + 1 + k * bar} y={y(v)} width={bar} height={Math.max(0.5, y(0) - y(v))} fill={s.colour}>
                  <title>{`${d.day} ${labels[s.key]}: ${v}`}</title>
                </rect>
              ) : null;
            })}
            {i % labelEvery === 0 ? (
              <text x={left + i * step} y={height - 8} font-size="11" fill="#333">
                {`${d.day.slice(8, 10)}.${d.day.slice(5, 7)}.`}
              </text>
            ) : null}
          </g>
        ))}
        <polyline points={line} fill="none" stroke="#333" stroke-width="2" stroke-dasharray="5 3" />
      </svg>
      <figcaption>
        <ul class="legend">
          {SERIES.map((s) => (
            <li>
              <span class={`swatch swatch-${s.key}`} aria-hidden="true" />
              {labels[s.key]}
            </li>
          ))}
          <li>
            <span class="swatch line" aria-hidden="true" />
            {labels.waiting}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars of one figure per group (e.g. accepted per document type), longest first. */
export function GroupChart({
  rows,
  title,
  label,
}: {
  rows: Array<{ name: string; sent: number; refused: number }>;
  title: string;
  label: (r: { sent: number; refused: number }) => string;
}) {
  const shown = rows.slice(0, 10);
  const width = 760;
  const rowH = 22;
  const left = 260;
  const height = shown.length * rowH + 8;
  const max = Math.max(1, ...shown.map((r) => r.sent));
  const w = (v: number) => ((width - left - 70) * v) / max;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {shown.map((r, i) => (
        <g>
          <text x={left - 8} y={i * rowH + 16} text-anchor="end" font-size="12" fill="#222">
            {r.name.length > 38 ? `${r.name.slice(0, 37)}…` : r.name}
          </text>
          <rect x={left} y={i * rowH + 4} width={Math.max(0.5, w(r.sent))} height={14} fill={SERIES[0].colour} />
          {r.refused > 0 ? <rect x={left} y={i * rowH + 4} width={Math.max(1, w(r.refused))} height={14} fill={SERIES[2].colour} /> : null}
          <text x={left + w(r.sent) + 6} y={i * rowH + 16} font-size="12" fill="#222">
            {label(r)}
          </text>
        </g>
      ))}
    </svg>
  );
}
