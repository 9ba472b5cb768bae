// Archiving per organisation (docs/fhir-mapping.md §11): the Organization's `archiving` extension, and the
// operations that change it. Opening an open organisation (or closing a closed one) changes nothing in
// the archive, so both are sent again after a lost answer like reads.
import type { Core } from './fhir-call.ts';
import { FHIR_JSON, sendJson } from './fhir-call.ts';
import type { Extension, Organization } from './fhir-types.ts';

export const ARCHIVING_EXTENSION = 'https://arkki.example/fhir/StructureDefinition/archiving';

export interface ArchivingState {
  organisationOid: string;
  /** `not-opened`: the organisation carries no archiving extension. */
  state: 'not-opened' | 'open' | 'closed';
  /** When it was last opened or closed (ISO instant). */
  changed?: string;
  by?: string;
  reason?: string;
}

/** The archiving state an Organization carries. */
export function archivingStateOf(org: Organization): ArchivingState {
  const oid = org.id ?? '';
  const ext = (org.extension ?? []).find((e) => e.url === ARCHIVING_EXTENSION);
  if (!ext) return { organisationOid: oid, state: 'not-opened' };
  const sub = (name: string): Extension | undefined => (ext.extension ?? []).find((e) => e.url === name);
  const state = sub('state')?.valueCode;
  return {
    organisationOid: oid,
    state: state === 'open' || state === 'closed' ? state : 'not-opened',
    ...(sub('changed')?.valueDateTime ? { changed: sub('changed')!.valueDateTime! } : {}),
    ...(sub('by')?.valueString ? { by: sub('by')!.valueString! } : {}),
    ...(sub('reason')?.valueString ? { reason: sub('reason')!.valueString! } : {}),
  };
}

export interface ArchivingApi {
  /** The organisation's archiving state (any authenticated caller). */
  state(organisationOid: string): Promise<ArchivingState>;
  /** `POST Organization/<OID>/$open-archiving`: the organisation's own archivist; the reason 5–500 characters. */
  open(organisationOid: string, reason: string): Promise<ArchivingState>;
  /** `POST Organization/<OID>/$close-archiving`. */
  close(organisationOid: string, reason: string): Promise<ArchivingState>;
}

export function archivingApi(core: Core): ArchivingApi {
  const enc = encodeURIComponent;
  const change = async (operation: '$open-archiving' | '$close-archiving', oid: string, reason: string) => {
    const body = JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] });
    const { json } = await sendJson<Organization>(
      core,
      {
        operation: `Organization ${operation}`,
        method: 'POST',
        path: `Organization/${enc(oid)}/${operation}`,
        body: { contentType: FHIR_JSON, data: body },
        retry: 'idempotent',
      },
      'Organization',
    );
    return archivingStateOf(json);
  };
  return {
    state: async (oid) =>
      archivingStateOf(
        (
          await sendJson<Organization>(
            core,
            { operation: 'Organization read', method: 'GET', path: `Organization/${enc(oid)}`, retry: 'idempotent' },
            'Organization',
          )
        ).json,
      ),
    open: (oid, reason) => change('$open-archiving', oid, reason),
    close: (oid, reason) => change('$close-archiving', oid, reason),
  };
}
