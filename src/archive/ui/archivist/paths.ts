// Where the archivist's pages live; one place so links and routes agree. No path carries a henkilötunnus:
// a client is reached through one of his or her documents or an opaque reference (client-ref.ts).
export const ARCHIVIST_BASE = '/archivist';
const doc = (documentId: string) => `${ARCHIVIST_BASE}/documents/${encodeURIComponent(documentId)}`;
export const archivistPaths = {
  search: ARCHIVIST_BASE,
  searchResults: `${ARCHIVIST_BASE}/search`,
  document: doc,
  documentBody: (documentId: string) => `${doc(documentId)}/body`,
  documentPdf: (documentId: string) => `${doc(documentId)}/pdf`,
  invalidate: (documentId: string) => `${doc(documentId)}/invalidate`,
  client: (documentId: string) => `${doc(documentId)}/client`,
  /** Finding a client by henkilötunnus (POSTed); the client's page is reached by an opaque reference. */
  clients: `${ARCHIVIST_BASE}/clients`,
  clientByRef: (ref: string) => `${ARCHIVIST_BASE}/clients/${ref}`,
  alerts: `${ARCHIVIST_BASE}/alerts`,
  alert: (id: string | number) => `${ARCHIVIST_BASE}/alerts/${encodeURIComponent(String(id))}`,
  report: `${ARCHIVIST_BASE}/report`,
  reportPdf: `${ARCHIVIST_BASE}/report.pdf`,
  export: `${ARCHIVIST_BASE}/export`,
};
