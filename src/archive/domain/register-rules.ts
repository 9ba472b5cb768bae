import { issue, type Issue } from '../../lib/errors.ts';
import type { ClienthoodLevel, DocumentKind, DocumentMetadata } from '../../lib/metadata/metadata.ts';

// Archiving order (domain README §3): social-welfare clienthood → service-task clienthood → service-unit
// clienthood and cases → client documents. A document that skips a step is refused, naming what to archive first.

export interface RegisterView {
  clienthoods: Array<{ level: ClienthoodLevel; serviceTask: string | null }>;
  /** case id → service task */
  cases: Map<string, string>;
}

export function emptyView(): RegisterView {
  return { clienthoods: [], cases: new Map() };
}

const has = (v: RegisterView, level: ClienthoodLevel, serviceTask?: string) =>
  v.clienthoods.some((c) => c.level === level && (serviceTask === undefined || c.serviceTask === serviceTask));

export function checkRegisterOrder(m: DocumentMetadata, kind: DocumentKind, view: RegisterView): Issue[] {
  // Notifications (ilmoitusrekisteri) arrive before any clienthood exists.
  if (m.register === 'notification') return [];
  const task = m.serviceTask;
  switch (kind) {
    case 'clienthood': {
      const level = m.clienthood!.level;
      if (level === 'service-task' && !has(view, 'social-welfare')) {
        return [
          issue(
            'clienthood.level',
            'archive-first',
            'archive the social-welfare clienthood (sosiaalihuollon asiakkuus) of this client before a service-task clienthood',
          ),
        ];
      }
      if (level === 'service-unit' && !has(view, 'service-task', task)) {
        return [
          issue(
            'clienthood.level',
            'archive-first',
            `archive the service-task clienthood in service task ${task} before a service-unit clienthood`,
          ),
        ];
      }
      return [];
    }
    case 'case':
      return has(view, 'service-task', task)
        ? []
        : [
            issue(
              'serviceTask',
              'archive-first',
              `client has no service-task clienthood in service task ${task}: archive the clienthood document (asiakkuusasiakirja) first`,
            ),
          ];
    case 'client-document': {
      if (!has(view, 'service-task', task)) {
        return [
          issue(
            'serviceTask',
            'archive-first',
            `client has no service-task clienthood in service task ${task}: archive the clienthood document (asiakkuusasiakirja) first`,
          ),
        ];
      }
      const caseTask = view.cases.get(m.case!.id);
      if (caseTask === undefined) {
        return [
          issue(
            'case.id',
            'archive-first',
            `case ${m.case!.id} (${m.case!.name}) is unknown for this client: archive its case document (asia-asiakirja) first`,
          ),
        ];
      }
      if (caseTask !== task) {
        return [issue('case.id', 'case-service-task', `case ${m.case!.id} belongs to service task ${caseTask}, not ${task}`)];
      }
      return [];
    }
    default:
      return [];
  }
}

/** What an accepted document adds to the view, so later documents of the same batch can rely on it. */
export function applyToView(view: RegisterView, m: DocumentMetadata, kind: DocumentKind): void {
  if (kind === 'clienthood')
    view.clienthoods.push({ level: m.clienthood!.level, serviceTask: m.clienthood!.level === 'social-welfare' ? null : m.serviceTask });
  if (kind === 'case') view.cases.set(m.case!.id, m.serviceTask);
}
