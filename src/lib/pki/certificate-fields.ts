// Reads what arkki needs from a certificate the TEST PKI issued: kind, names, organisation OID and
// system profile. Parsing only; whether the certificate is trusted is decided elsewhere.
import { x509 } from './x509.ts';
import type { SystemProfile } from '../identity/identity.ts';
import { urnToOid } from '../identifiers/oid.ts';
import { KIND_POLICY, PROFILE_POLICY, SUBJECT_SERIAL_NUMBER, type CertificateKind } from './arkki-oids.ts';

export interface ArkkiCertificateFields {
  kind: CertificateKind;
  /** Subject CN: the system's name (its systemId) or the person's name. */
  commonName: string;
  /** Subject serialNumber: professional id on a card, henkilötunnus on a citizen certificate. */
  subjectSerialNumber?: string;
  /** From the URI SAN `urn:oid:…` of system and professional certificates. */
  organisationOid?: string;
  profile?: SystemProfile;
}

export type FieldsResult = { ok: true; fields: ArkkiCertificateFields } | { ok: false; detail: string };

/** Exactly one value, or a message saying how many there were. */
function exactlyOne<T>(values: readonly T[], what: string): { value: T } | { detail: string } {
  if (values.length === 1) return { value: values[0]! };
  return {
    detail:
      values.length === 0 ? `the certificate has no ${what}` : `the certificate has ${values.length} ${what}s; exactly one is expected`,
  };
}

function policiesOf(cert: x509.X509Certificate): readonly string[] {
  return cert.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
}

function organisationOidsOf(cert: x509.X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.items ?? [])
    .filter((n) => n.type === 'url')
    .map((n) => urnToOid(n.value))
    .filter((oid): oid is string => oid !== null);
}

export function readArkkiFields(cert: x509.X509Certificate): FieldsResult {
  let policies: readonly string[];
  let organisationOids: string[];
  try {
    policies = policiesOf(cert);
    organisationOids = organisationOidsOf(cert);
  } catch (e) {
    return { ok: false, detail: `unreadable extension: ${(e as Error).message}` };
  }
  const kind = exactlyOne(
    (Object.keys(KIND_POLICY) as CertificateKind[]).filter((k) => policies.includes(KIND_POLICY[k])),
    'arkki certificate-kind policy',
  );
  if ('detail' in kind) return { ok: false, detail: kind.detail };
  const cn = exactlyOne(
    cert.subjectName.getField('CN').filter((v) => v.trim() !== ''),
    'non-empty subject CN',
  );
  if ('detail' in cn) return { ok: false, detail: cn.detail };
  const fields: ArkkiCertificateFields = { kind: kind.value, commonName: cn.value };

  if (fields.kind === 'professional' || fields.kind === 'citizen') {
    const serial = exactlyOne(cert.subjectName.getField(SUBJECT_SERIAL_NUMBER), 'subject serialNumber');
    if ('detail' in serial) return { ok: false, detail: serial.detail };
    fields.subjectSerialNumber = serial.value;
  }
  if (fields.kind === 'system' || fields.kind === 'signing' || fields.kind === 'professional') {
    const org = exactlyOne(organisationOids, 'urn:oid organisation name');
    if ('detail' in org) return { ok: false, detail: org.detail };
    fields.organisationOid = org.value;
  }
  if (fields.kind === 'system' || fields.kind === 'signing') {
    const profile = exactlyOne(
      (Object.keys(PROFILE_POLICY) as SystemProfile[]).filter((p) => policies.includes(PROFILE_POLICY[p])),
      'system-profile policy',
    );
    if ('detail' in profile) return { ok: false, detail: profile.detail };
    fields.profile = profile.value;
  }
  return { ok: true, fields };
}
