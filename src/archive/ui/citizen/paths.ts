// Where the citizen view's pages live. Paths carry document ids at most, never a henkilötunnus.
export const CITIZEN_BASE = '/citizen';
const doc = (documentId: string) => `${CITIZEN_BASE}/documents/${encodeURIComponent(documentId)}`;
export const citizenPaths = {
  home: CITIZEN_BASE,
  start: `${CITIZEN_BASE}/start`,
  login: `${CITIZEN_BASE}/login`,
  loginDemo: `${CITIZEN_BASE}/login/demo`,
  loginCertificate: `${CITIZEN_BASE}/login/certificate`,
  documents: `${CITIZEN_BASE}/documents`,
  document: doc,
  documentBody: (documentId: string) => `${doc(documentId)}/body`,
  register: `${CITIZEN_BASE}/register`,
  log: `${CITIZEN_BASE}/log`,
  disclosures: `${CITIZEN_BASE}/disclosures`,
};
