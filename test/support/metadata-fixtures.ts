import type { DocumentMetadata } from '../../src/lib/metadata/metadata.ts';
import { simplePdf } from '../../src/lib/render/placeholder-pdf.ts';

// Valid national metadata for tests of any system: organisations, clients (test henkilötunnus values only)
// and one document of each kind. Depends on lib only, so lib's own tests can use it.

export const RK = '1.2.246.10.9990001.10.1'; // Pohjanmaan hyvinvointialue
export const RK_OTHER = '1.2.246.10.9990002.10.1'; // Etelä-Karjalan hyvinvointialue
export const UNIT_LS = '1.2.246.10.9990001.10.101'; // Lastensuojelu, Vaasa
export const UNIT_OTHER = '1.2.246.10.9990002.10.101';
export const CHILD_WELFARE = '10';
export const DISABILITY = '20';
export const HETU = '010516A901V'; // test numbers (900–999) only
export const HETU_2 = '020516C903K';
export const NOW = new Date('2026-11-20T10:00:00Z');

let counter = 0;
/** A fresh OID under a test arc for each call. */
export function newOid(kind = 1): string {
  counter += 1;
  return `1.2.246.10.9990001.98.${kind}.1${process.pid}${String(counter).padStart(6, '0')}`;
}

export function pdf(text = 'Testiasiakirja – äöå'): { contentType: string; data: Buffer } {
  return { contentType: 'application/pdf', data: simplePdf([text]) };
}

/** Metadata of a valid client document for HETU in child welfare, case `caseId`. */
export function clientDocument(caseId: string, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const id = newOid(1);
  return {
    documentId: id,
    setId: id.replace('.98.1.', '.98.2.'),
    version: 1,
    documentType: '1001',
    title: 'Kasvatus- ja perheneuvonnan yhteenveto',
    client: { kind: 'hetu', value: HETU },
    registerKeeper: RK,
    register: 'client',
    serviceProvider: RK,
    serviceUnit: UNIT_LS,
    serviceTask: CHILD_WELFARE,
    socialServices: ['94'],
    case: { id: caseId, name: 'Lastensuojelun asia' },
    processPhase: 'arviointi',
    author: { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001', role: 'sosiaalityöntekijä' },
    created: '2026-11-10T09:00:00+02:00',
    completed: '2026-11-10T10:00:00+02:00',
    language: 'fi',
    publicity: { class: 'secret', basis: 'JulkL 24 § 1 mom 25 k' },
    retentionRule: 'sh-12y',
    citizenVisible: { visible: true },
    format: 'pdf',
    ...overrides,
  };
}

export function clienthoodDocument(
  level: 'social-welfare' | 'service-task' | 'service-unit',
  overrides: Partial<DocumentMetadata> = {},
): DocumentMetadata {
  const { case: _c, processPhase: _p, ...rest } = clientDocument('1.2.3', overrides);
  return {
    ...rest,
    documentType: '1',
    title: 'Asiakkuusasiakirja',
    clienthood: {
      level,
      ...(level !== 'social-welfare' ? { serviceTask: rest.serviceTask } : {}),
      ...(level === 'service-unit' ? { serviceUnit: UNIT_LS } : {}),
      start: '2026-01-01',
    },
    ...overrides,
  };
}

export function caseDocument(caseId: string, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const { processPhase: _p, ...rest } = clientDocument(caseId, overrides);
  return { ...rest, documentType: '2', title: 'Asia-asiakirja', caseRecord: { opened: '2026-02-01' }, ...overrides };
}
