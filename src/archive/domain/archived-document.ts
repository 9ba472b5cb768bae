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
  /** When a newer version superseded this one (recorded since status changes carry their time in the row). */
  supersededAt?: string;
  /**
   * The national structure (Sosmeta asiakirjarakenne OID) a structured (phase 2) document's content follows,
   * as checked at ingest; absent for PDF bodies and phase I CDA. It decides which renderings are offered.
   */
  structureOid?: string;
}

export interface DocumentBody {
  contentType: string;
  data: Buffer;
}
