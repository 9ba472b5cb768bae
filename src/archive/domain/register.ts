import type { ClienthoodLevel } from '../../lib/metadata/metadata.ts';
export interface Clienthood {
  registerKeeperOid: string;
  clientKey: string;
  setId: string;
  documentId: string;
  level: ClienthoodLevel;
  serviceTask: string | null;
  serviceUnit: string | null;
  start: string;
  end: string | null;
}

export interface ClientCase {
  registerKeeperOid: string;
  clientKey: string;
  caseId: string;
  name: string;
  serviceTask: string;
  opened: string;
  closed: string | null;
  documentId: string;
}
