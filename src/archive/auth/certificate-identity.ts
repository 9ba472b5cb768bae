// From a client certificate to an Identity: the path must verify to our root, be within its validity,
// not be revoked, and name an organisation the archive knows. Everything the decision needs is passed
// in (trust material, clock, look-ups), so the same function serves the API, the UIs and the tests.
import type { Identity, SystemProfile } from '../../lib/identity/identity.ts';
import { readArkkiFields, type ArkkiCertificateFields } from '../../lib/pki/certificate-fields.ts';
import type { CertificateKind } from '../../lib/pki/arkki-oids.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { verifyChain, type ChainFailureReason } from '../../lib/pki/verify-chain.ts';
import { x509 } from '../../lib/pki/x509.ts';
import type { RoleAssignment } from '../../lib/identity/role-assignment.ts';

export type CertificateRefusal =
  | ChainFailureReason // unknown-issuer, expired, not-yet-valid, revoked, revocation-unknown (no current CRL)
  | 'wrong-organisation' // the organisation is not a known register keeper / the professional has no role there
  | 'wrong-kind' // a valid certificate of a kind this endpoint does not accept (e.g. a citizen's at the API)
  | 'malformed'; // not a certificate, or not one arkki's PKI issues (fields missing, a CA certificate)

export type CertificateIdentityResult =
  | { ok: true; identity: Identity; kind: CertificateKind; profile?: SystemProfile }
  | { ok: false; reason: CertificateRefusal; detail: string };

export interface CertificateIdentityOptions {
  trust: CertificateTrust;
  now: Date;
  /** The register keeper a system of this organisation works for; undefined = not a known organisation. */
  registerKeeperOf: (organisationOid: string) => string | undefined;
  /** The professional's role assignment in the organisation named by the card; undefined = none. */
  professionalRole?: (professional: { professionalId: string; organisationOid: string; name: string }) => RoleAssignment | undefined;
  /** Kinds accepted here. Default: system certificates only (the API); the UIs accept 'professional'. */
  accept?: readonly CertificateKind[];
  /** systemId recorded for professionals, who come through one of the archive's own UIs. */
  uiSystemId?: string;
  /** Certificates the peer sent besides its own (its intermediate); used only if they chain to our root. */
  presented?: readonly x509.X509Certificate[];
}

type Input = x509.X509Certificate | string | Uint8Array | ArrayBuffer;

function parse(input: Input): x509.X509Certificate | null {
  if (input instanceof x509.X509Certificate) return input;
  try {
    return new x509.X509Certificate(typeof input === 'string' ? input : new Uint8Array(input));
  } catch {
    return null;
  }
}

function refuse(reason: CertificateRefusal, detail: string): CertificateIdentityResult {
  return { ok: false, reason, detail };
}

function systemIdentity(fields: ArkkiCertificateFields, options: CertificateIdentityOptions): CertificateIdentityResult {
  const organisationOid = fields.organisationOid!;
  const registerKeeperOid = options.registerKeeperOf(organisationOid);
  if (!registerKeeperOid)
    return refuse(
      'wrong-organisation',
      `organisation ${organisationOid} of system "${fields.commonName}" is not a known register keeper's organisation`,
    );
  const identity: Identity = {
    userId: `system:${organisationOid}:${fields.commonName}`,
    name: fields.commonName,
    role: 'system',
    organisationOid,
    registerKeeperOid,
    serviceTasks: ['*'],
    systemId: fields.commonName,
    systemProfile: fields.profile!,
  };
  return { ok: true, identity, kind: 'system', profile: fields.profile! };
}

function professionalIdentity(fields: ArkkiCertificateFields, options: CertificateIdentityOptions): CertificateIdentityResult {
  const organisationOid = fields.organisationOid!;
  const professionalId = fields.subjectSerialNumber!;
  const assignment = options.professionalRole?.({ professionalId, organisationOid, name: fields.commonName });
  if (!assignment) return refuse('wrong-organisation', `professional ${professionalId} has no role in organisation ${organisationOid}`);
  const identity: Identity = {
    userId: assignment.userId ?? `professional:${professionalId}`,
    name: fields.commonName,
    professionalId,
    role: assignment.role,
    organisationOid,
    registerKeeperOid: assignment.registerKeeperOid,
    serviceTasks: assignment.serviceTasks,
    systemId: options.uiSystemId ?? 'arkki-archive-ui',
  };
  return { ok: true, identity, kind: 'professional' };
}

export async function certificateIdentity(input: Input, options: CertificateIdentityOptions): Promise<CertificateIdentityResult> {
  const cert = parse(input);
  if (!cert) return refuse('malformed', 'not an X.509 certificate');
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca) return refuse('malformed', 'a CA certificate cannot identify a caller');
  const chain = await verifyChain(cert, options.trust, options.now, [...(options.presented ?? [])]);
  if (!chain.ok) return refuse(chain.reason, chain.detail);
  const read = readArkkiFields(cert);
  if (!read.ok) return refuse('malformed', read.detail);
  const accept = options.accept ?? ['system'];
  if (!accept.includes(read.fields.kind))
    return refuse('wrong-kind', `a ${read.fields.kind} certificate is not accepted here (accepted: ${accept.join(', ')})`);
  switch (read.fields.kind) {
    case 'system':
      return systemIdentity(read.fields, options);
    case 'professional':
      return professionalIdentity(read.fields, options);
    default:
      // Citizens log in to the citizen view with strong identification, which is a later step.
      return refuse('wrong-kind', `${read.fields.kind} certificates do not identify a caller of the archive`);
  }
}
