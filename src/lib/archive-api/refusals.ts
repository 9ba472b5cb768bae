// What the archive refused for or from an organisation: `GET Organization/<OID>/$refusals` (docs/fhir-mapping.md
// §11), for its own archivist. No client data comes back: who sent, when, the kind of document and the
// unit when the archive could tell, and the rules broken.
import type { Core } from './fhir-call.ts';
import { sendJson } from './fhir-call.ts';
import type { Parameters, ParametersParameter } from './fhir-types.ts';

export interface Refusal {
  /** When the archive refused it (ISO instant). */
  at: string;
  registerKeeper: string;
  senderOrganisation: string;
  sender: string;
  system: string;
  documentId?: string;
  documentType?: string;
  serviceUnit?: string;
  /** invalid, required, code-unknown, forbidden, conflict, precondition, … */
  errorCode: string;
  /** The rules broken; the first is the reason to show. */
  issues: Array<{ rule: string; field?: string }>;
}

export interface RefusalsPage {
  refusals: Refusal[];
  /** More matched than the archive gives at once: ask for a shorter period. */
  truncated: boolean;
}

const byName = (parts: ParametersParameter[] | undefined, name: string) => (parts ?? []).find((p) => p.name === name);

function refusalOf(p: ParametersParameter): Refusal {
  const part = (name: string) => byName(p.part, name);
  const id = (name: string) => part(name)?.valueIdentifier?.value;
  const documentId = id('documentId')?.replace(/^urn:oid:/, '');
  const documentType = part('documentType')?.valueCode;
  const serviceUnit = id('serviceUnit');
  return {
    at: part('at')?.valueInstant ?? '',
    registerKeeper: id('registerKeeper') ?? '',
    senderOrganisation: id('senderOrganization') ?? '',
    sender: part('sender')?.valueString ?? '',
    system: part('system')?.valueString ?? '',
    ...(documentId ? { documentId } : {}),
    ...(documentType ? { documentType } : {}),
    ...(serviceUnit ? { serviceUnit } : {}),
    errorCode: part('errorCode')?.valueCode ?? '',
    issues: (p.part ?? [])
      .filter((x) => x.name === 'issue')
      .map((x) => {
        const field = byName(x.part, 'field')?.valueString;
        return { rule: byName(x.part, 'rule')?.valueCoding?.code ?? '', ...(field ? { field } : {}) };
      }),
  };
}

/** Refusals in [from, to): dates (Finnish days) or instants, at most 92 days apart; oldest first. */
export async function refusals(core: Core, organisationOid: string, from: string, to: string): Promise<RefusalsPage> {
  const { json } = await sendJson<Parameters>(
    core,
    {
      operation: 'Organization $refusals',
      method: 'GET',
      path: `Organization/${encodeURIComponent(organisationOid)}/$refusals`,
      query: { from, to },
      retry: 'idempotent',
    },
    'Parameters',
  );
  return {
    refusals: (json.parameter ?? []).filter((p) => p.name === 'refusal').map(refusalOf),
    truncated: byName(json.parameter, 'truncated')?.valueBoolean === true,
  };
}
