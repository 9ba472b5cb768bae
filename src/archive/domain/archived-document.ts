import type { DocumentMetadata, DocumentStatus } from '../../lib/metadata/metadata.ts';

// What the archive keeps of a document beyond the national metadata it was sent with.

/** The document as stored: submitted metadata plus what the archive computed and keeps. */
export interface ArchivedDocument extends DocumentMetadata {
  clientKey: string;
  status: DocumentStatus;
  destructionDate: string | null;
  body: { sha256: string; size: number; contentType: string };
  archivedAt: string;
  archivedBy: string;
  invalidation?: { reason: string; at: string; by: string };
}

export interface DocumentBody {
  contentType: string;
  data: Buffer;
}
