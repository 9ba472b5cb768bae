import type { ArchivedDocument } from './archived-document.ts';
import type { SummaryField } from './summary-fields.ts';

// The client data summary (kooste): per service task, the client's clienthoods, cases and the latest
// documents in each process phase (domain README §7).

export interface SummaryClienthood {
  level: string;
  serviceUnit: string | null;
  start: string;
  end: string | null;
  active: boolean;
  documentId: string;
}
export interface SummaryCase {
  caseId: string;
  name: string;
  opened: string;
  closed: string | null;
  open: boolean;
  documentCount: number;
}
export interface SummaryDocument {
  documentId: string;
  setId: string;
  version: number;
  documentType: string;
  title: string;
  completed: string;
  caseId: string | null;
  author: string;
  /** Key fields of a structured (phase 2) document, chosen by the rule in summary-fields.ts; absent for other documents. */
  fields?: SummaryField[];
}
export interface SummaryPhase {
  phase: string;
  documentCount: number;
  latest: SummaryDocument[];
}
export interface SummaryServiceTask {
  serviceTask: string;
  clienthoods: SummaryClienthood[];
  cases: SummaryCase[];
  phases: SummaryPhase[];
}
export interface ClientSummary {
  clientKey: string;
  registerKeeperOid: string;
  socialWelfareClienthoods: SummaryClienthood[];
  serviceTasks: SummaryServiceTask[];
}

export interface SummaryInput {
  clientKey: string;
  registerKeeperOid: string;
  today: string;
  clienthoods: Array<{
    level: string;
    serviceTask: string | null;
    serviceUnit: string | null;
    start: string;
    end: string | null;
    documentId: string;
  }>;
  cases: Array<{ caseId: string; name: string; serviceTask: string; opened: string; closed: string | null }>;
  /** Per (service task, phase): the count and the latest documents, newest first, as the store computed them. */
  phaseDocuments: Array<{ serviceTask: string; phase: string; count: number; latest: ArchivedDocument[] }>;
  caseDocumentCounts: Map<string, number>;
  /** Process phases in their national order. */
  phaseOrder: string[];
  /** Key fields of the structured documents among `phaseDocuments`, by document id (stored at ingest). */
  structuredFields?: ReadonlyMap<string, SummaryField[]>;
}

const isActive = (start: string, end: string | null, today: string) => start <= today && (end === null || end >= today);

export function buildSummary(input: SummaryInput): ClientSummary {
  const tasks = new Map<string, SummaryServiceTask>();
  const task = (code: string) => {
    let t = tasks.get(code);
    if (!t) tasks.set(code, (t = { serviceTask: code, clienthoods: [], cases: [], phases: [] }));
    return t;
  };
  const socialWelfare: SummaryClienthood[] = [];
  for (const c of input.clienthoods) {
    const entry = {
      level: c.level,
      serviceUnit: c.serviceUnit,
      start: c.start,
      end: c.end,
      active: isActive(c.start, c.end, input.today),
      documentId: c.documentId,
    };
    if (c.level === 'social-welfare' || !c.serviceTask) socialWelfare.push(entry);
    else task(c.serviceTask).clienthoods.push(entry);
  }
  for (const c of input.cases) {
    task(c.serviceTask).cases.push({
      caseId: c.caseId,
      name: c.name,
      opened: c.opened,
      closed: c.closed,
      open: c.closed === null || c.closed > input.today,
      documentCount: input.caseDocumentCounts.get(c.caseId) ?? 0,
    });
  }
  const order = (p: string) => {
    const i = input.phaseOrder.indexOf(p);
    return i < 0 ? input.phaseOrder.length : i;
  };
  for (const p of input.phaseDocuments) {
    task(p.serviceTask).phases.push({
      phase: p.phase,
      documentCount: p.count,
      latest: p.latest.map((d) => {
        const fields = input.structuredFields?.get(d.documentId);
        return {
          documentId: d.documentId,
          setId: d.setId,
          version: d.version,
          documentType: d.documentType,
          title: d.title,
          completed: d.completed,
          caseId: d.case?.id ?? null,
          author: d.author.name,
          ...(fields && fields.length > 0 ? { fields } : {}),
        };
      }),
    });
  }
  for (const t of tasks.values()) {
    t.phases.sort((a, b) => order(a.phase) - order(b.phase));
    t.cases.sort((a, b) => (a.open === b.open ? b.opened.localeCompare(a.opened) : a.open ? -1 : 1));
  }
  return {
    clientKey: input.clientKey,
    registerKeeperOid: input.registerKeeperOid,
    socialWelfareClienthoods: socialWelfare,
    serviceTasks: [...tasks.values()].sort((a, b) => a.serviceTask.localeCompare(b.serviceTask)),
  };
}
