// Makes the professional e-signature: a detached XAdES-BES signature document over an unsigned CDA,
// with the professional's card certificate (profile and reasons: xades.ts, docs/e-signature.md).
// The XML is written here rather than by xml-crypto because xml-crypto cannot reference content
// outside the signature document; the canonicalization is xml-crypto's, and xmlsec1 checks the result.
import { createPrivateKey, createPublicKey, createSign } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { ArkkiError, issue } from '../errors.ts';
import { readArkkiFields } from '../pki/certificate-fields.ts';
import { x509 } from '../pki/x509.ts';
import { parseXmlOrThrow } from './safe-xml.ts';
import { DSIG_NS, pemCertificateBodies, SIGNATURE_ALGORITHMS, type SigningKey } from './xml-signature.ts';
import {
  canonical,
  CDA_MIME_TYPE,
  COMMITMENT_TYPES,
  contentUriOf,
  sha256Base64,
  SIGNED_PROPERTIES_TYPE,
  XADES_NS,
  type CommitmentType,
} from './xades.ts';

export interface ProfessionalSignOptions {
  /** The SigningTime the professional asserts; default now. Whole seconds are kept. */
  signingTime?: Date;
  /** Default 'proof-of-approval': the signer approves the decision. */
  commitment?: CommitmentType;
}

function refuse(rule: string, message: string): never {
  throw new ArkkiError('invalid', [issue('professionalSignature', rule, message)]);
}

/** The card certificate (must be a professional one whose key is `privateKeyPem`) and the chain, base64 DER. */
function cardCertificates(key: SigningKey): { card: x509.X509Certificate; bodies: string[] } {
  const own = pemCertificateBodies(key.certificatePem);
  if (own.length !== 1) refuse('certificate', `certificatePem must hold exactly one certificate (found ${own.length})`);
  const chain = key.chainPem === undefined ? [] : pemCertificateBodies(key.chainPem);
  let card: x509.X509Certificate;
  try {
    card = new x509.X509Certificate(key.certificatePem);
  } catch (e) {
    refuse('certificate', `not an X.509 certificate: ${(e as Error).message}`);
  }
  const fields = readArkkiFields(card);
  if (!fields.ok || fields.fields.kind !== 'professional') {
    refuse(
      'certificate',
      `a professional e-signature needs a professional card certificate (${fields.ok ? `this is a ${fields.fields.kind} certificate` : fields.detail})`,
    );
  }
  let publicFromKey: Buffer;
  try {
    publicFromKey = createPublicKey(createPrivateKey(key.privateKeyPem)).export({ type: 'spki', format: 'der' });
  } catch (e) {
    refuse('private-key', `the private key cannot be read: ${(e as Error).message}`);
  }
  if (!publicFromKey.equals(Buffer.from(card.publicKey.rawData)))
    refuse('private-key', 'the private key does not belong to the card certificate');
  return { card, bodies: [...own, ...chain] };
}

function xsDateTime(time: Date): string {
  if (Number.isNaN(time.getTime())) refuse('signing-time', 'signingTime is not a valid date');
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Parts {
  id: string;
  contentUri: string;
  contentDigest: string;
  propertiesDigest: string;
  signatureValue: string;
  certificates: string[];
  signedProperties: string;
}

function reference(attributes: string, digest: string): string {
  return (
    `<ds:Reference ${attributes}><ds:Transforms><ds:Transform Algorithm="${SIGNATURE_ALGORITHMS.canonicalization}"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${SIGNATURE_ALGORITHMS.digest}"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`
  );
}

function signatureDocument(p: Parts): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ds:Signature xmlns:ds="${DSIG_NS}" Id="${p.id}">` +
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${SIGNATURE_ALGORITHMS.canonicalization}"/>` +
    `<ds:SignatureMethod Algorithm="${SIGNATURE_ALGORITHMS.signature}"/>` +
    reference(`Id="${p.id}-content" URI="${p.contentUri}"`, p.contentDigest) +
    reference(`Type="${SIGNED_PROPERTIES_TYPE}" URI="#${p.id}-signed-properties"`, p.propertiesDigest) +
    `</ds:SignedInfo><ds:SignatureValue>${p.signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data>${p.certificates.map((c) => `<ds:X509Certificate>${c}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo>` +
    `<ds:Object><xades:QualifyingProperties xmlns:xades="${XADES_NS}" Target="#${p.id}">${p.signedProperties}</xades:QualifyingProperties></ds:Object>` +
    '</ds:Signature>\n'
  );
}

function signedPropertiesXml(id: string, signingTime: string, cardDigest: string, commitment: CommitmentType): string {
  return (
    `<xades:SignedProperties Id="${id}-signed-properties"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${signingTime}</xades:SigningTime>` +
    `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="${SIGNATURE_ALGORITHMS.digest}"/>` +
    `<ds:DigestValue>${cardDigest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>` +
    '</xades:SignedSignatureProperties><xades:SignedDataObjectProperties>' +
    `<xades:DataObjectFormat ObjectReference="#${id}-content"><xades:MimeType>${CDA_MIME_TYPE}</xades:MimeType></xades:DataObjectFormat>` +
    `<xades:CommitmentTypeIndication><xades:CommitmentTypeId><xades:Identifier>${COMMITMENT_TYPES[commitment]}</xades:Identifier></xades:CommitmentTypeId>` +
    '<xades:AllSignedDataObjects/></xades:CommitmentTypeIndication>' +
    '</xades:SignedDataObjectProperties></xades:SignedProperties>'
  );
}

function only(document: ReturnType<typeof parseXmlOrThrow>, ns: string, localName: string): Element {
  return document.getElementsByTagNameNS(ns, localName).item(0)!;
}

/**
 * Signs the unsigned CDA `cdaXml` with the professional card `key`; returns the detached signature
 * document. The CDA itself is not changed: the system signature is added to it afterwards.
 * Deterministic for the same content, key, time and commitment (RSA PKCS#1 v1.5).
 */
export function signProfessional(cdaXml: string, key: SigningKey, options: ProfessionalSignOptions = {}): string {
  const content = parseXmlOrThrow(cdaXml, { field: 'professionalSignature.content' });
  if (content.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    refuse('already-signed', 'the professional signs the CDA before the system signature is added; this one is signed already');
  }
  const named = contentUriOf(content);
  if ('problem' in named) refuse('content', named.problem);
  const { card, bodies } = cardCertificates(key);

  const contentDigest = sha256Base64(canonical(content.documentElement!));
  const signingTime = xsDateTime(options.signingTime ?? new Date());
  const commitment = options.commitment ?? 'proof-of-approval';
  // The id is derived from what is signed, so the same input gives the same document.
  const id = `xades-${sha256Base64(`${contentDigest}|${signingTime}|${card.serialNumber}`)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16)}`;
  const parts: Parts = {
    id,
    contentUri: named.uri,
    contentDigest,
    propertiesDigest: '',
    signatureValue: '',
    certificates: bodies,
    signedProperties: signedPropertiesXml(id, signingTime, sha256Base64(Buffer.from(card.rawData)), commitment),
  };
  // Canonical forms are taken from the parsed signature document, so namespace context is exactly
  // what a verifier will see.
  parts.propertiesDigest = sha256Base64(canonical(only(parseXmlOrThrow(signatureDocument(parts)), XADES_NS, 'SignedProperties')));
  const signedInfo = canonical(only(parseXmlOrThrow(signatureDocument(parts)), DSIG_NS, 'SignedInfo'));
  parts.signatureValue = createSign('RSA-SHA256').update(signedInfo).sign(key.privateKeyPem, 'base64');
  return signatureDocument(parts);
}
