import type { DocumentStatus } from '../../lib/metadata/metadata.ts';

// Metadata search (domain README §7): filters, stable sort (completed desc, document id desc) and
// keyset paging, so page n costs the same as page 1 even at millions of documents.

export interface SearchCriteria {
  client?: string; // client key
  serviceTask?: string;
  socialService?: string;
  caseId?: string;
  processPhase?: string;
  documentType?: string;
  setId?: string;
  documentId?: string;
  completedFrom?: string; // inclusive, ISO timestamp
  completedBefore?: string; // exclusive
  archivedFrom?: string; // inclusive: when the archive received the version (FHIR DocumentReference.date)
  archivedBefore?: string; // exclusive
  status: DocumentStatus[];
  count: number;
  /** Rows after this one in the search's order. */
  after?: PageCursor;
  /** Oldest completed first (the keyset order turned round); the default is newest first. */
  ascending?: boolean;
  /** The page before `after` is asked for: read in the opposite order, handed back in the search's order. */
  previous?: boolean;
  /** Also count every match (FHIR _total=accurate, _summary=count). */
  total?: boolean;
}

export interface PageCursor {
  completed: string;
  documentId: string;
}

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify([c.completed, c.documentId])).toString('base64url');
}

export function decodeCursor(token: string): PageCursor | null {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { completed: v[0], documentId: v[1] };
  } catch {
    // fall through: a token we did not issue
  }
  return null;
}
