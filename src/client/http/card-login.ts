// Production sign-in to the workbench with a professional card (SOTE card), the way the archive's UI does
// it: the browser presents the card's certificate in the TLS handshake; it must chain to the trusted CA,
// be valid and unrevoked now, be a professional certificate of this organisation, and its holder (the
// professional id in the subject's serialNumber) must be one of the workbench's users.
import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';
import { ArkkiError } from '../../lib/errors.ts';
import { readArkkiFields } from '../../lib/pki/certificate-fields.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { verifyChain } from '../../lib/pki/verify-chain.ts';
import { x509 } from '../../lib/pki/x509.ts';
import type { WorkbenchUser } from './users.ts';

const refuse = (message: string) => new ArkkiError('unauthenticated', [{ field: 'certificate', rule: 'card-login', message }]);

export function cardLogin(options: {
  trust: () => CertificateTrust;
  now: () => Date;
  organisationOid: string;
  users: () => readonly WorkbenchUser[];
}) {
  return async (request: FastifyRequest): Promise<WorkbenchUser> => {
    const socket = request.raw.socket as Partial<TLSSocket>;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(true) : null;
    if (!peer?.raw) throw refuse('no card certificate was presented');
    const presented: x509.X509Certificate[] = [];
    for (let c = peer.issuerCertificate; c?.raw && c !== c.issuerCertificate && presented.length < 5; c = c.issuerCertificate) {
      presented.push(new x509.X509Certificate(c.raw));
    }
    const leaf = new x509.X509Certificate(peer.raw);
    const chain = await verifyChain(leaf, options.trust(), options.now(), presented);
    if (!chain.ok) throw refuse(`the certificate is not trusted (${chain.reason})`);
    const fields = readArkkiFields(leaf);
    if (!fields.ok) throw refuse(fields.detail);
    if (fields.fields.kind !== 'professional') throw refuse('not a professional card certificate');
    if (fields.fields.organisationOid !== options.organisationOid) throw refuse('the card belongs to another organisation');
    const user = options.users().find((u) => u.professionalId === fields.fields.subjectSerialNumber);
    if (!user) throw refuse('the professional is not a user of this client system');
    return user;
  };
}
