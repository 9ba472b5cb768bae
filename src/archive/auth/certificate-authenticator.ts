// Production mode: the caller is whoever the TLS client certificate says, after certificateIdentity has
// checked it. The caller learns only that authentication failed; the reason goes to the server log, so
// a probing client can't tell an expired certificate from a revoked or foreign one.
import { ArkkiError } from '../../lib/errors.ts';
import type { AuthenticationRequest, Authenticator } from '../../lib/identity/identity.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { x509 } from '../../lib/pki/x509.ts';
import { DEMO_USER_HEADER } from './demo-authenticator.ts';
import { certificateIdentity, type CertificateIdentityOptions } from './certificate-identity.ts';

export const GENERIC_REFUSAL = 'authentication required: present a valid client certificate issued to your organisation';

export interface CertificateAuthenticatorOptions extends Omit<CertificateIdentityOptions, 'trust' | 'now' | 'presented'> {
  /** A function, so refreshed CRLs can be swapped in without rebuilding the server. */
  trust: CertificateTrust | (() => CertificateTrust);
  now?: () => Date;
}

/** The part of node:tls TLSSocket this module uses. */
interface PeerCertificate {
  raw?: Buffer;
  issuerCertificate?: PeerCertificate;
}
interface TlsSocketLike {
  getPeerCertificate(detailed: true): PeerCertificate | null;
}

function isTlsSocket(socket: unknown): socket is TlsSocketLike {
  return typeof (socket as TlsSocketLike | undefined)?.getPeerCertificate === 'function';
}

/** The peer's certificate and whatever chain it sent, in DER; node links the chain via issuerCertificate. */
function peerCertificates(socket: TlsSocketLike): { leaf: Buffer; presented: Buffer[] } | null {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return null;
  const presented: Buffer[] = [];
  // A self-signed certificate's issuerCertificate is itself; the bound also stops a malicious loop.
  for (let c = peer.issuerCertificate; c?.raw && c !== c.issuerCertificate && presented.length < 5; c = c.issuerCertificate) {
    presented.push(c.raw);
  }
  return { leaf: peer.raw, presented };
}

function parsePresented(ders: Buffer[]): x509.X509Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [new x509.X509Certificate(new Uint8Array(der))];
    } catch {
      return [];
    }
  });
}

// A henkilötunnus (a citizen certificate's subject serialNumber) is masked even in the subject.
const HETU_IN_TEXT = /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/g;

/** Subject and serial only: nothing else from the certificate reaches the log. */
function certificateLabel(der: Buffer): { subject?: string; serial?: string } {
  try {
    const cert = new x509.X509Certificate(new Uint8Array(der));
    return { subject: cert.subject.replace(HETU_IN_TEXT, '<henkilötunnus>'), serial: cert.serialNumber };
  } catch {
    return {};
  }
}

export function certificateAuthenticator(options: CertificateAuthenticatorOptions): Authenticator {
  const trustNow = typeof options.trust === 'function' ? options.trust : () => options.trust as CertificateTrust;
  const clock = options.now ?? (() => new Date());
  const refuse = (request: AuthenticationRequest, log: Record<string, unknown>): never => {
    request.log?.warn({ auth: 'certificate', ...log }, 'client certificate refused');
    throw new ArkkiError('unauthenticated', GENERIC_REFUSAL);
  };
  return async (request) => {
    // The demo header must never work here, even with a valid certificate: it would let a caller pick an identity.
    if (request.headers[DEMO_USER_HEADER] !== undefined)
      return refuse(request, { reason: 'demo-header', detail: `header ${DEMO_USER_HEADER} is not accepted in production mode` });
    const socket = request.raw?.socket;
    if (!isTlsSocket(socket)) return refuse(request, { reason: 'no-tls', detail: 'the request did not come over TLS' });
    const peer = peerCertificates(socket);
    if (!peer) return refuse(request, { reason: 'no-certificate', detail: 'the client presented no certificate' });
    const result = await certificateIdentity(peer.leaf, {
      ...options,
      trust: trustNow(),
      now: clock(),
      presented: parsePresented(peer.presented),
    });
    if (!result.ok) return refuse(request, { reason: result.reason, detail: result.detail, ...certificateLabel(peer.leaf) });
    return result.identity;
  };
}
