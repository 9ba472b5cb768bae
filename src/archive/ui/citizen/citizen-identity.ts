// Who a signed-in citizen is: a client identified by henkilötunnus (strong identification; in arkki's test
// PKI a citizen certificate, in demo mode a picked demo client). The citizen view is run by the archive
// operator, so the citizen's own uses that concern no register are logged in the operator's partition.
import { parseHetu } from '../../../lib/identifiers/hetu.ts';
import type { Identity } from '../../../lib/identity/identity.ts';
import { readArkkiFields } from '../../../lib/pki/certificate-fields.ts';
import type { CertificateTrust } from '../../../lib/pki/trust.ts';
import { verifyChain } from '../../../lib/pki/verify-chain.ts';
import { x509 } from '../../../lib/pki/x509.ts';

/** (provisional) The archive operator's citizen view; the national operator's OID replaces it. */
export const CITIZEN_VIEW_OID = '1.2.246.10.9990000.10.1';
export const CITIZEN_VIEW_SYSTEM = 'arkki-citizen-view';

export function citizenIdentity(person: { hetu: string; name: string }): Identity {
  return {
    userId: `citizen:${person.hetu}`,
    name: person.name,
    role: 'citizen',
    organisationOid: CITIZEN_VIEW_OID,
    registerKeeperOid: CITIZEN_VIEW_OID,
    serviceTasks: [],
    systemId: CITIZEN_VIEW_SYSTEM,
    clientKey: person.hetu,
  };
}

export type CitizenCertificateResult = { ok: true; identity: Identity } | { ok: false; reason: string; detail: string };

/** A citizen test certificate → the citizen: the chain must verify now, and it must carry a valid henkilötunnus. */
export async function citizenFromCertificate(
  der: Uint8Array,
  trust: CertificateTrust,
  now: Date,
  presented: x509.X509Certificate[] = [],
): Promise<CitizenCertificateResult> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(new Uint8Array(der));
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not an X.509 certificate' };
  }
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca)
    return { ok: false, reason: 'malformed', detail: 'a CA certificate cannot identify a citizen' };
  const chain = await verifyChain(cert, trust, now, presented);
  if (!chain.ok) return { ok: false, reason: chain.reason, detail: chain.detail };
  const read = readArkkiFields(cert);
  if (!read.ok) return { ok: false, reason: 'malformed', detail: read.detail };
  if (read.fields.kind !== 'citizen')
    return { ok: false, reason: 'wrong-kind', detail: `a ${read.fields.kind} certificate does not sign in to the citizen view` };
  const hetu = parseHetu(read.fields.subjectSerialNumber ?? '');
  if (!hetu.ok) return { ok: false, reason: 'malformed', detail: `the certificate's henkilötunnus is not valid: ${hetu.message}` };
  return { ok: true, identity: citizenIdentity({ hetu: hetu.hetu.value, name: read.fields.commonName }) };
}
