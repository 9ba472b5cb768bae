// Which national document types the workbench offers, and which are typical in each process phase. The
// structures say a type's kind (Päätös, Suunnitelma, Ilmoitus, …) and its service-task group, not its
// phase; the phase a kind usually belongs to follows THL's process model (domain README §5.3). Pure.
import type { StructureDefinition } from '../../../lib/structures/definition.ts';
import type { StructureRegistry } from '../../../lib/structures/registry.ts';
import type { ProcessPhase } from '../../domain/process-phase.ts';

/** The client documents (code system .1506): clienthood and case documents are written by their own use cases. */
export const CLIENT_DOCUMENT_SYSTEM = '1.2.246.537.6.1506';

const PHASE_OF_KIND: Record<string, ProcessPhase> = {
  Ilmoitus: 'vireilletulo',
  Hakemus: 'vireilletulo',
  Pyyntö: 'vireilletulo',
  Lähete: 'vireilletulo',
  Arvio: 'arviointi',
  Selvitys: 'arviointi',
  Lausunto: 'arviointi',
  Kuulemisasiakirja: 'arviointi',
  Suunnitelma: 'suunnittelu',
  Sopimus: 'suunnittelu',
  Päätös: 'jarjestaminen',
  Maksusitoumus: 'jarjestaminen',
  Laskelma: 'jarjestaminen',
  Asiakaskertomusmerkintä: 'toteutus',
  Yhteenveto: 'toteutus',
};

export function typicalPhase(kind: string): ProcessPhase | undefined {
  return PHASE_OF_KIND[kind];
}

/** The newest version of every client document type, by name. */
export function clientDocumentTypes(registry: StructureRegistry): StructureDefinition[] {
  const newest = new Map<string, StructureDefinition>();
  for (const d of registry.all()) {
    if (d.codeSystem !== CLIENT_DOCUMENT_SYSTEM) continue;
    const seen = newest.get(d.code);
    if (!seen || seen.version < d.version) newest.set(d.code, d);
  }
  return [...newest.values()].sort((a, b) => a.name.fi.localeCompare(b.name.fi, 'fi'));
}

/**
 * Social services on the archiving screen: required for the documents that decide, plan or commit to a
 * service (the service is what they are about), optional for the others.
 */
export function socialServicesRequired(kind: string): boolean {
  return kind === 'Päätös' || kind === 'Suunnitelma' || kind === 'Maksusitoumus';
}
