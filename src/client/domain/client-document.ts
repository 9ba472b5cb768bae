// A client document's life in the client system: a draft is written and saved as often as needed,
// finishing it fixes its completion date (valmistumispäivä), locking it makes it final. A locked
// document never changes again; a correction is a new version (same set, version + 1, replaces the old).
import type { Issue } from '../../lib/errors.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import { isProcessPhase } from './process-phase.ts';

export type DocumentState = 'draft' | 'finished' | 'locked';

/** What the professional confirms on the archiving screen; becomes the archived metadata. */
export interface ArchivingChoices {
  socialServices: string[];
  publicity: DocumentMetadata['publicity'];
  retentionRule: string;
  citizenVisible: DocumentMetadata['citizenVisible'];
}

export interface ClientDocument {
  documentId: string;
  setId: string;
  version: number;
  replaces?: string;
  caseId: string;
  processPhase: string;
  documentType: string;
  title: string;
  /** The document's content (phase I: shown in the PDF rendering by its keys). */
  content: Record<string, unknown>;
  language: DocumentMetadata['language'];
  author: DocumentMetadata['author'];
  state: DocumentState;
  created: string;
  completed?: string;
  lockedAt?: string;
  choices?: ArchivingChoices;
}

export type DocumentAction = 'edit' | 'finish' | 'lock' | 'new-version';

/** Which action each state allows: the one table the service and its tests read. */
export const ALLOWED: Record<DocumentState, readonly DocumentAction[]> = {
  draft: ['edit', 'finish'],
  finished: ['lock'],
  locked: ['new-version'],
};

const WHY: Record<DocumentState, string> = {
  draft: 'luonnos on ensin valmistettava',
  finished: 'valmis asiakirja odottaa lukitsemista eikä sitä enää muokata',
  locked: 'lukittua asiakirjaa ei muuteta koskaan; korjaus tehdään uutena versiona',
};

/** Refusal (with the rule `document-<state>`) when the state does not allow the action, else none. */
export function checkAction(state: DocumentState, action: DocumentAction): Issue[] {
  if (ALLOWED[state].includes(action)) return [];
  return [{ field: 'state', rule: `document-${state}`, message: `${action}: ${WHY[state]}` }];
}

export function validateDraft(d: Pick<ClientDocument, 'title' | 'processPhase' | 'documentType'>): Issue[] {
  const issues: Issue[] = [];
  if (!d.title.trim()) issues.push({ field: 'title', rule: 'required', message: 'otsikko puuttuu' });
  if (!isProcessPhase(d.processPhase)) issues.push({ field: 'processPhase', rule: 'code-unknown', message: 'tuntematon prosessin vaihe' });
  if (!d.documentType) issues.push({ field: 'documentType', rule: 'required', message: 'asiakirjatyyppi puuttuu' });
  return issues;
}

export function validateChoices(c: ArchivingChoices): Issue[] {
  const issues: Issue[] = [];
  if (!c.retentionRule) issues.push({ field: 'retentionRule', rule: 'required', message: 'säilytysaika puuttuu' });
  if (!c.publicity.basis.trim()) issues.push({ field: 'publicity.basis', rule: 'required', message: 'salassapitoperuste puuttuu' });
  return issues;
}

/** The completion time (valmistumispäivä) is a valid instant, not before the document was created. */
export function validateCompletion(created: string, completed: string): Issue[] {
  const t = Date.parse(completed);
  if (Number.isNaN(t)) return [{ field: 'completed', rule: 'invalid', message: 'valmistumisaika ei ole aikaleima' }];
  if (t < Date.parse(created)) return [{ field: 'completed', rule: 'order', message: 'valmistumisaika on ennen laatimisaikaa' }];
  return [];
}

/** The next version of a locked document: a draft in the same set that replaces it. */
export function nextVersion(d: ClientDocument, documentId: string, created: string): ClientDocument {
  const { completed: _c, lockedAt: _l, ...rest } = d;
  return { ...rest, documentId, version: d.version + 1, replaces: d.documentId, state: 'draft', created };
}

/** The nightly batch takes finished documents whose completion date has passed (yöajo). */
export function dueForNightlyBatch(d: Pick<ClientDocument, 'state' | 'completed'>, now: Date): boolean {
  return d.state === 'finished' && d.completed !== undefined && new Date(d.completed).getTime() <= now.getTime();
}
