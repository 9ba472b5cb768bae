// Shared material for the XML-signature tests: a small CDA-like document, signing keys from the test
// PKI fixture, and exact-edit helpers so that a tampering test cannot pass by tampering nothing.
import assert from 'node:assert/strict';
import type { Document } from '@xmldom/xmldom';
import type { IssuedCertificate } from '../../src/lib/pki/index.ts';
import type { SigningKey } from '../../src/lib/xml/xml-signature.ts';
import type { PkiFixture } from './pki.ts';

export const CDA_NS = 'urn:hl7-org:v3';
export const CLIENT_HETU = '010516C903K';
export const DECISION_TEXT = 'Myönnetään kotipalvelua 12 tuntia kuukaudessa.';

/** A CDA R2-shaped decision (national header fields abbreviated); `decision` is the body text. */
export function cdaDocument(decision = DECISION_TEXT): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <id root="1.2.246.10.9990001.10.1.2024.1"/>
  <code code="11063" codeSystem="1.2.246.537.6.1506" displayName="Päätös"/>
  <title>Päätös kotipalvelusta</title>
  <effectiveTime value="20240501134500+0300"/>
  <confidentialityCode code="5" codeSystem="1.2.246.777.11.2018.7"/>
  <languageCode code="fi"/>
  <setId root="1.2.246.10.9990001.10.1.2024.1"/>
  <versionNumber value="1"/>
  <recordTarget><patientRole><id root="1.2.246.21" extension="${CLIENT_HETU}"/></patientRole></recordTarget>
  <custodian><assignedCustodian><representedCustodianOrganization><id root="1.2.246.10.9990001.10.1"/></representedCustodianOrganization></assignedCustodian></custodian>
  <component><structuredBody><component><section ID="paatos"><title>Päätös</title><text>${decision}</text></section></component></structuredBody></component>
</ClinicalDocument>
`;
}

/** Signing key material of an issued certificate; with `fixture`, the intermediate CA travels along. */
export function keyOf(cert: IssuedCertificate, fixture?: PkiFixture): SigningKey {
  return {
    privateKeyPem: cert.keyPem,
    certificatePem: cert.certPem,
    ...(fixture ? { chainPem: fixture.pki.intermediate.toString('pem') } : {}),
  };
}

/** Replaces the one occurrence of `from`; fails the test if there is not exactly one. */
export function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(from.source, 'g');
  const count = text.match(pattern)?.length ?? 0;
  assert.equal(count, 1, `expected exactly one match of ${String(from)}, found ${count}`);
  return text.replace(pattern, to);
}

/** The ds:Signature element of a signed document, as text. */
export function signatureXml(signed: string): string {
  const match = /<ds:Signature[\s>][\s\S]*<\/ds:Signature>/.exec(signed);
  assert.ok(match, 'no ds:Signature in the document');
  return match[0];
}

/** Text of the first element `localName` in the CDA namespace. */
export function cdaText(document: Document, localName: string): string | null {
  return document.getElementsByTagNameNS(CDA_NS, localName).item(0)?.textContent ?? null;
}

/** Base64 body of a PEM certificate, as it stands in ds:X509Certificate. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
