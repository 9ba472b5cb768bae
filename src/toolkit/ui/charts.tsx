// Server-rendered SVG charts: the Gantt-style timeline (bars, dependency arrows, today line, late tasks
// marked, the critical path outlined) and readiness over time. Presentation attributes only (the CSP
// allows no inline style).
import { tasksOfDependency } from '../domain/dependencies.ts';
import { isLate, type ProjectTask } from '../domain/task.ts';
import type { ReadinessSnapshot } from '../store/snapshot-store.ts';

const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

export interface TimelineLabels {
  title: string;
  description: string;
  today: string;
  late: string;
  /** The day as the page's language writes it (e.g. 20.11.2026). */
  day?: (isoDay: string) => string;
}

/** A generous width of an 11 px label (DejaVu/system sans average ~6.4 px a character, bold a little more). */
const labelWidth = (text: string) => Math.ceil(text.length * 7) + 4;

export function TimelineSvg({
  tasks,
  critical,
  today,
  labels,
}: {
  tasks: ProjectTask[];
  critical: string[];
  today: string;
  labels: TimelineLabels;
}) {
  const scheduled = tasks
    .filter((t) => t.startDay && t.endDay)
    .sort((a, b) => (a.startDay! < b.startDay! ? -1 : a.startDay! > b.startDay! ? 1 : a.position - b.position));
  if (scheduled.length === 0) return null;
  const first = Math.min(dayNumber(today), ...scheduled.map((t) => dayNumber(t.startDay!)));
  const last = Math.max(dayNumber(today), ...scheduled.map((t) => dayNumber(t.endDay!))) + 1;
  const W = 960;
  const LEFT = 64;
  const ROW = 20;
  // Room above the first bar for the today label (its ascent), and at the right for the late marks.
  const TOP = 28;
  const RIGHT = 12 + labelWidth(`⚠ ${labels.late}`);
  const H = TOP + scheduled.length * ROW + 10;
  const x = (n: number) => LEFT + ((n - first) / Math.max(1, last - first)) * (W - LEFT - RIGHT);
  const row = new Map(scheduled.map((t, i) => [t.taskId, i]));
  const onPath = new Set(critical);
  const arrows = scheduled.flatMap((t) =>
    t.dependsOn
      .flatMap((d) => tasksOfDependency(d, scheduled))
      .filter((p) => p.taskId !== t.taskId)
      .map((p) => ({ from: p, to: t })),
  );
  const todayX = x(dayNumber(today));
  // The today label reads to the right of its line, or to the left when it would run off the chart.
  const todayText = `${labels.today} ${labels.day ? labels.day(today) : today}`;
  const todayLeft = todayX + 4 + labelWidth(todayText) > W - 2;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="timeline-title timeline-desc">
      <title id="timeline-title">{labels.title}</title>
      <desc id="timeline-desc">{labels.description}</desc>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#444" />
        </marker>
      </defs>
      {scheduled.map((t, i) => {
        const y = TOP + i * ROW;
        const x1 = x(dayNumber(t.startDay!));
        const x2 = x(dayNumber(t.endDay!) + 1);
        const late = isLate(t, today);
        const fill = late ? '#b00020' : t.status === 'Valmis' ? '#2e7d32' : t.status === 'Toteutuksessa' ? '#1f4e79' : '#6b7f99';
        return (
          <g data-task={t.taskId} data-late={late ? 'true' : undefined}>
            <text x={4} y={y + 13} font-size="11" fill="#222">
              {t.taskId}
            </text>
            <rect
              x={x1}
              y={y + 3}
              width={Math.max(3, x2 - x1)}
              height={ROW - 6}
              fill={fill}
              class={late ? 'bar-late' : undefined}
              stroke={onPath.has(t.taskId) ? '#e65100' : 'none'}
              stroke-width={onPath.has(t.taskId) ? 3 : 0}
            >
              <title>{`${t.taskId} ${t.title}: ${t.startDay} – ${t.endDay}, ${t.status}${late ? `, ${labels.late}` : ''}`}</title>
            </rect>
            {late && (
              <text x={x2 + 4} y={y + 13} font-size="11" fill="#8a0015" font-weight="bold">
                {`⚠ ${labels.late}`}
              </text>
            )}
          </g>
        );
      })}
      {arrows.map(({ from, to }) => {
        const y1 = TOP + row.get(from.taskId)! * ROW + ROW / 2;
        const y2 = TOP + row.get(to.taskId)! * ROW + ROW / 2;
        const x1 = x(dayNumber(from.endDay!) + 1);
        const x2 = x(dayNumber(to.startDay!));
        const mid = Math.max(x1 + 6, Math.min(x2 - 6, x1 + 12));
        return (
          <path
            class="dependency"
            d={`M ${x1} ${y1} H ${mid} V ${y2} H ${x2}`}
            fill="none"
            stroke="#444"
            stroke-width="1.2"
            marker-end="url(#arrow)"
          />
        );
      })}
      <line class="today" x1={todayX} x2={todayX} y1={4} y2={H} stroke="#c62828" stroke-width="2" stroke-dasharray="4 3" />
      <text
        class="today-label"
        x={todayLeft ? todayX - 4 : todayX + 4}
        y={16}
        font-size="11"
        fill="#8a0015"
        text-anchor={todayLeft ? 'end' : 'start'}
      >
        {todayText}
      </text>
    </svg>
  );
}

export function ReadinessChart({ snapshots, title }: { snapshots: ReadinessSnapshot[]; title: string }) {
  if (snapshots.length === 0) return null;
  const W = 480;
  const H = 200;
  const L = 36;
  const first = dayNumber(snapshots[0]!.day);
  const last = Math.max(first + 1, dayNumber(snapshots.at(-1)!.day));
  const x = (d: string) => L + ((dayNumber(d) - first) / (last - first)) * (W - L - 20);
  const y = (v: number) => H - 24 - (v / 100) * (H - 40);
  const points = snapshots.map((s) => `${x(s.day)},${y(s.overall)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="readiness-title">
      <title id="readiness-title">{`${title}: ${snapshots.map((s) => `${s.day} ${s.overall} %`).join(', ')}`}</title>
      {[0, 50, 100].map((v) => (
        <>
          <line x1={L} x2={W - 10} y1={y(v)} y2={y(v)} stroke="#ddd" />
          <text x={4} y={y(v) + 4} font-size="11" fill="#222">{`${v} %`}</text>
        </>
      ))}
      <polyline points={points} fill="none" stroke="#1f4e79" stroke-width="2" />
      {snapshots.map((s) => (
        <circle cx={x(s.day)} cy={y(s.overall)} r="3" fill="#1f4e79" />
      ))}
      <text x={L} y={H - 6} font-size="11" fill="#222">
        {snapshots[0]!.day}
      </text>
      <text x={W - 90} y={H - 6} font-size="11" fill="#222">
        {snapshots.at(-1)!.day}
      </text>
    </svg>
  );
}
