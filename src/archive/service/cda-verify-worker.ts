// A verification worker: runs verifyCdaBytes for the documents the pool sends and answers with plain data.
// Trust material arrives as DER once per version and is parsed here once.
import { parentPort } from 'node:worker_threads';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import { x509 } from '../../lib/pki/x509.ts';
import { verifyCdaBytes } from './cda-verify.ts';
import type { TrustMaterial, VerifyJob } from './cda-verify-pool.ts';

const trusts = new Map<number, CertificateTrust>();

function trustOf(id: number, material: TrustMaterial | undefined): CertificateTrust {
  let trust = trusts.get(id);
  if (!trust) {
    if (!material) throw new Error(`trust ${id} was never sent to this worker`);
    const der = (d: Uint8Array) => new Uint8Array(d); // a copy on a plain ArrayBuffer, as the parser wants
    trust = {
      roots: material.roots.map((d) => new x509.X509Certificate(der(d))),
      intermediates: material.intermediates.map((d) => new x509.X509Certificate(der(d))),
      crls: material.crls.map((d) => new x509.X509Crl(der(d))),
    };
    trusts.clear(); // only the newest version is used from now on
    trusts.set(id, trust);
  }
  return trust;
}

parentPort!.on('message', (job: VerifyJob) => {
  (async () => {
    const trust = trustOf(job.trustId, job.trust);
    const now = new Date(job.now);
    const results = [];
    for (const [i, data] of job.documents.entries())
      results.push(await verifyCdaBytes(data, trust, now, { keepSignedXml: job.keepSignedXml?.[i] === true }));
    parentPort!.postMessage({ id: job.id, results });
  })().catch((err: unknown) => parentPort!.postMessage({ id: job.id, error: String((err as Error)?.message ?? err) }));
});
