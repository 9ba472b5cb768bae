// Archive ids derived from the source, never drawn at random: re-running the migration (after a crash, or
// the whole of it again) sends the same document ids, which the archive answers "already archived"
// instead of storing a second copy. 64 bits of SHA-256 per id: a collision among 2.5 million ids has a
// probability of about 2·10⁻⁷ — and would show as a refusal (conflict) in the error file, not a lost row.
import { createHash } from 'node:crypto';

function arc(text: string): string {
  const n = createHash('sha256').update(text).digest().readBigUInt64BE(0);
  // An OID arc must not start with 0: a leading 1 keeps every arc the same length and valid.
  return `1${n.toString().padStart(20, '0')}`;
}

export interface DerivedIds {
  documentId: string;
  setId: string;
}

/** Ids of the document migrated from the source row `rowId`. */
export function documentIds(root: string, rowId: string): DerivedIds {
  const a = arc(`document\u0000${rowId}`);
  return { documentId: `${root}.1.${a}`, setId: `${root}.2.${a}` };
}

/** Ids of a clienthood document (asiakkuusasiakirja) of a client, level and service task. */
export function clienthoodIds(root: string, clientKey: string, level: string, serviceTask: string): DerivedIds {
  const a = arc(`clienthood\u0000${clientKey}\u0000${level}\u0000${serviceTask}`);
  return { documentId: `${root}.1.${a}`, setId: `${root}.2.${a}` };
}

/** The case's OID from the source's local case id (the same for every document of the case). */
export function caseOid(root: string, clientKey: string, localCaseId: string): string {
  return `${root}.3.${arc(`case\u0000${clientKey}\u0000${localCaseId}`)}`;
}

/** Ids of the case document (asia-asiakirja) that opens the case. */
export function caseDocumentIds(root: string, caseId: string): DerivedIds {
  const a = arc(`case-document\u0000${caseId}`);
  return { documentId: `${root}.1.${a}`, setId: `${root}.2.${a}` };
}
