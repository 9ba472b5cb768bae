// Test support: the header of a client document for rendering tests, without the archive fixtures
// (which start the whole archive context); values as in test/support/archive-fixtures.ts.
import type { DocumentMetadata } from '../metadata/metadata.ts';

export function sampleMetadata(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return {
    documentId: '1.2.246.10.9990001.98.1.42',
    setId: '1.2.246.10.9990001.98.2.42',
    version: 1,
    documentType: '1001',
    title: 'Kasvatus- ja perheneuvonnan yhteenveto',
    client: { kind: 'hetu', value: '010516A901V' },
    registerKeeper: '1.2.246.10.9990001.10.1',
    register: 'client',
    serviceProvider: '1.2.246.10.9990001.10.1',
    serviceUnit: '1.2.246.10.9990001.10.101',
    serviceTask: '10',
    socialServices: ['94'],
    case: { id: '1.2.246.10.9990001.98.3.42', name: 'Lastensuojelun asia' },
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
