// What the archive needs before a client's documents (domain README §3, seed 001): the social-welfare
// clienthood, a service-task clienthood for each service task and every case — derived from the legacy
// rows themselves (the export has no clienthood data of its own): a clienthood starts on the client's
// first document in it, a case is opened on its first document. Pure: accepted rows in, records out.
import type { ClientId } from '../../lib/identifiers/client-id.ts';
import type { MappedRow } from './check-row.ts';

export interface ClienthoodNeed {
  kind: 'clienthood';
  level: 'social-welfare' | 'service-task';
  client: ClientId;
  clientKey: string;
  serviceTask: string;
  serviceUnit: string;
  start: string;
}

export interface CaseNeed {
  kind: 'case';
  client: ClientId;
  clientKey: string;
  localCaseId: string;
  name: string;
  serviceTask: string;
  serviceUnit: string;
  opened: string;
}

export type RecordNeed = ClienthoodNeed | CaseNeed;

/** Collects the needs while the rows stream past; memory grows with clients and cases, not documents. */
export class RecordCollector {
  private readonly clients = new Map<string, ClienthoodNeed>();
  private readonly tasks = new Map<string, ClienthoodNeed>();
  private readonly cases = new Map<string, CaseNeed>();

  add(r: MappedRow): void {
    const { clientKey, client, codes, completedDay } = r;
    const day = [r.created.slice(0, 10), completedDay].sort()[0]!;
    const earliest = <T extends { start?: string; opened?: string }>(
      map: Map<string, T>,
      key: string,
      make: () => T,
      field: 'start' | 'opened',
    ) => {
      const had = map.get(key);
      if (!had) map.set(key, make());
      else if (day < had[field]!) had[field] = day;
    };
    earliest(
      this.clients,
      clientKey,
      () => ({
        kind: 'clienthood',
        level: 'social-welfare',
        client,
        clientKey,
        serviceTask: codes.serviceTask,
        serviceUnit: codes.serviceUnit,
        start: day,
      }),
      'start',
    );
    earliest(
      this.tasks,
      `${clientKey}\u0000${codes.serviceTask}`,
      () => ({
        kind: 'clienthood',
        level: 'service-task',
        client,
        clientKey,
        serviceTask: codes.serviceTask,
        serviceUnit: codes.serviceUnit,
        start: day,
      }),
      'start',
    );
    earliest(
      this.cases,
      `${clientKey}\u0000${r.source.row.case_id}`,
      () => ({
        kind: 'case',
        client,
        clientKey,
        localCaseId: r.source.row.case_id,
        name: r.source.row.case_name,
        serviceTask: codes.serviceTask,
        serviceUnit: codes.serviceUnit,
        opened: day,
      }),
      'opened',
    );
  }

  get counts(): { clients: number; serviceTaskClienthoods: number; cases: number } {
    return { clients: this.clients.size, serviceTaskClienthoods: this.tasks.size, cases: this.cases.size };
  }

  /** In archiving order with their keys (needKeys): every social-welfare clienthood, then the service-task ones, then the cases. */
  keyed(): Array<[string, RecordNeed]> {
    const sorted = <T>(prefix: string, m: Map<string, T>) =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]): [string, T] => [`${prefix}\u0000${k}`, v]);
    return [...sorted('sw', this.clients), ...sorted('st', this.tasks), ...sorted('case', this.cases)];
  }

  /** In archiving order: every social-welfare clienthood, then the service-task ones, then the cases; each sorted by key. */
  ordered(): RecordNeed[] {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    return [...sorted(this.clients), ...sorted(this.tasks), ...sorted(this.cases)];
  }
}

/** The keys of the records a document row needs (the same as RecordCollector.keyed()). */
export function needKeys(r: MappedRow): string[] {
  return [
    `sw\u0000${r.clientKey}`,
    `st\u0000${r.clientKey}\u0000${r.codes.serviceTask}`,
    `case\u0000${r.clientKey}\u0000${r.source.row.case_id}`,
  ];
}
