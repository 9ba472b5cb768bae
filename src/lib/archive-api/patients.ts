// The client (Patient) and what hangs on the client: the summary (kooste) and the special reason
// (asiayhteys) operations. Reads are idempotent; stating a special reason or commenting on one adds a
// row each time, so those are sent again only when they never reached the archive.
import { type Core, FHIR_JSON, sendJson } from './fhir-call.ts';
import type { ClientSummary, Parameters, Patient } from './fhir-types.ts';
import { HETU_SYSTEM, searchPage } from './search.ts';

/**
 * The Patient id of a client key as the archive forms it (docs/fhir-mapping.md §3): a henkilötunnus is its
 * own id; another key (a `+` century sign, a temporary id) is `k-<base64url>`. Prefer the id a search returns.
 */
export function patientIdOf(clientKey: string): string {
  return /^[A-Za-z0-9.-]{1,64}$/.test(clientKey) ? clientKey : `k-${Buffer.from(clientKey).toString('base64url')}`;
}

export interface SpecialReasonRequest {
  serviceTask: string;
  /** A code of the `special-reasons` code set. */
  reasonCode: string;
  comment: string;
}

export interface PatientsApi {
  read(patientId: string): Promise<Patient>;
  /** The client with this henkilötunnus in the caller's register, or undefined. */
  findByHetu(hetu: string): Promise<Patient | undefined>;
  /** The summary (kooste), optionally of one service task. */
  summary(patientId: string, options?: { serviceTask?: string }): Promise<ClientSummary>;
  /** States a special reason: access without a client relation until the end of the working day. */
  stateSpecialReason(patientId: string, request: SpecialReasonRequest): Promise<Parameters>;
  commentSpecialReason(grantId: string, comment: string): Promise<Parameters>;
  /** The caller's own special reasons of the last `days` days. */
  ownSpecialReasons(days?: number): Promise<Parameters>;
}

const enc = encodeURIComponent;
const parameters = (values: Record<string, string>) => ({
  contentType: FHIR_JSON,
  data: JSON.stringify({
    resourceType: 'Parameters',
    parameter: Object.entries(values).map(([name, valueString]) => ({ name, valueString })),
  }),
});

export function patientsApi(core: Core): PatientsApi {
  return {
    read: async (patientId) =>
      (
        await sendJson<Patient>(
          core,
          { operation: 'Patient read', method: 'GET', path: `Patient/${enc(patientId)}`, retry: 'idempotent' },
          'Patient',
        )
      ).json,
    async findByHetu(hetu) {
      return (await searchPage<Patient>(core, 'Patient', 'Patient', { identifier: `${HETU_SYSTEM}|${hetu}` })).resources[0];
    },
    async summary(patientId, options = {}) {
      const { json } = await sendJson<ClientSummary>(core, {
        operation: 'Patient $client-summary',
        method: 'GET',
        path: `Patient/${enc(patientId)}/$client-summary`,
        query: { 'service-task': options.serviceTask },
        accept: 'application/json',
        retry: 'idempotent',
      });
      return json;
    },
    async stateSpecialReason(patientId, r) {
      const body = parameters({ serviceTask: r.serviceTask, reasonCode: r.reasonCode, comment: r.comment });
      const call = {
        operation: 'Patient $special-reason',
        method: 'POST',
        path: `Patient/${enc(patientId)}/$special-reason`,
        body,
      } as const;
      return (await sendJson<Parameters>(core, { ...call, retry: 'unsafe' }, 'Parameters')).json;
    },
    async commentSpecialReason(grantId, comment) {
      const body = parameters({ grantId, comment });
      const call = { operation: '$special-reason-comment', method: 'POST', path: '$special-reason-comment', body } as const;
      return (await sendJson<Parameters>(core, { ...call, retry: 'unsafe' }, 'Parameters')).json;
    },
    async ownSpecialReasons(days) {
      const call = { operation: '$special-reason', method: 'GET', path: '$special-reason', query: { days } } as const;
      return (await sendJson<Parameters>(core, { ...call, retry: 'idempotent' }, 'Parameters')).json;
    },
  };
}
