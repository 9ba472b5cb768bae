// National joining waves (seed 002: registration, preparation event, method trainings, archiving start) as
// replaceable data (data/toolkit/national-waves.json); the seed gives months, so the day is provisional.
import { plusDays } from '../../lib/time/finnish-clock.ts';
import type { ProjectTask } from './task.ts';

export interface Wave {
  id: string;
  /** YYYY-MM */
  registrationBy: string;
  preparationEvent: string;
  trainings: string;
  archivingStart: { from: string; to: string };
  /** Not from the seeds: an example or a schedule not yet confirmed. */
  provisional: boolean;
}

export type MilestoneKind = 'registration' | 'preparation-event' | 'trainings' | 'archiving-start';

export interface Milestone {
  kind: MilestoneKind;
  /** The day that counts: a deadline is the month's last day, an event or a start its first (provisional). */
  day: string;
  month: string;
}

const firstDay = (month: string) => `${month}-01`;
function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return plusDays(next, -1);
}

export function milestonesOf(wave: Wave): Milestone[] {
  return [
    { kind: 'registration', day: lastDay(wave.registrationBy), month: wave.registrationBy },
    { kind: 'preparation-event', day: firstDay(wave.preparationEvent), month: wave.preparationEvent },
    { kind: 'trainings', day: firstDay(wave.trainings), month: wave.trainings },
    { kind: 'archiving-start', day: firstDay(wave.archivingStart.from), month: wave.archivingStart.from },
  ];
}

/** Per milestone, the open tasks scheduled to end on or before it (and after the previous one). */
export function dueBefore(wave: Wave, tasks: readonly ProjectTask[]): Array<{ milestone: Milestone; tasks: ProjectTask[] }> {
  let previous = '';
  return milestonesOf(wave).map((milestone) => {
    const due = tasks.filter((t) => t.status !== 'Valmis' && t.endDay && t.endDay > previous && t.endDay <= milestone.day);
    previous = milestone.day;
    return { milestone, tasks: due };
  });
}
