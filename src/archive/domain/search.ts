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
  status: DocumentStatus[];
  count: number;
  after?: PageCursor;
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
