// The reference client system with its workbench server against the real archive server over real
// sockets, both on the same fixed clock, signing with the test PKI's connected-system certificate.
// Not a test file itself: the workbench's HTTP and browser tests start it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadClientConfig } from '../../src/client/config.ts';
import { startWorkbench, type StartedWorkbench } from '../../src/client/http/start-workbench.ts';
import { type ClientSystem, startClientSystem } from '../../src/client/start.ts';
import type { ClientRef } from '../../src/client/store/record-store.ts';
import { type ArchiveApi, createArchiveApi } from '../../src/lib/archive-api/index.ts';
import { openPglite } from '../../src/lib/db/pglite.ts';
import { PKI_FILES } from '../../src/lib/pki/index.ts';
import { type ArchiveFixture, NOW } from './archive-fixtures.ts';
import { createPkiFixture, type PkiFixture } from './pki.ts';
import { cdaArchive } from './signed-cda.ts';

export interface WorkbenchFixture {
  pki: PkiFixture;
  archive: ArchiveFixture & { app: FastifyInstance };
  archiveBase: string;
  api: ArchiveApi;
  cs: ClientSystem;
  workbench: StartedWorkbench;
  /** Records a client's population data as the population register import would. */
  recordClient(
    hetu: string,
    names: { familyName: string; givenNames: string },
    extra?: { address?: string; turvakielto?: boolean },
  ): Promise<ClientRef>;
  close(): Promise<void>;
}

export async function startWorkbenchFixture(options: { archive?: boolean } = {}): Promise<WorkbenchFixture> {
  const pki = await createPkiFixture(NOW);
  const archive = await cdaArchive(await openPglite(), pki);
  const archiveBase =
    options.archive === false ? 'http://127.0.0.1:9/fhir/R4' : `${await archive.app.listen({ host: '127.0.0.1', port: 0 })}/fhir/R4`;
  const certFile = join(pki.dir, 'client-system.cert.pem');
  const keyFile = join(pki.dir, 'client-system.key.pem');
  await writeFile(certFile, pki.certs.system.certPem);
  await writeFile(keyFile, pki.certs.system.keyPem);
  const signingCertFile = join(pki.dir, 'client-system-signing.cert.pem');
  const signingKeyFile = join(pki.dir, 'client-system-signing.key.pem');
  await writeFile(signingCertFile, pki.certs.signing.certPem);
  await writeFile(signingKeyFile, pki.certs.signing.keyPem);
  const config = loadClientConfig({
    ARKKI_MODE: 'demo',
    ARKKI_CLIENT_ARCHIVE_URL: archiveBase,
    ARKKI_CLIENT_SYSTEM_CERT: certFile,
    ARKKI_CLIENT_SYSTEM_KEY: keyFile,
    ARKKI_CLIENT_SIGNING_CERT: signingCertFile,
    ARKKI_CLIENT_SIGNING_KEY: signingKeyFile,
    ARKKI_CLIENT_CA_CHAIN: join(pki.dir, PKI_FILES.chain),
    ARKKI_CLIENT_PORT: '0',
  });
  const api = createArchiveApi({
    baseUrl: archiveBase,
    identity: { kind: 'demo-user', userId: config.archiveDemoUser },
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    timeouts: { connectMs: 2000, requestMs: 30_000 },
  });
  const now = () => NOW;
  const cs = await startClientSystem({ config, db: await openPglite(), archive: api, codeSets: archive.ctx.codeSets, now, worker: false });
  const workbench = await startWorkbench(config, cs, { now });
  return {
    pki,
    archive,
    archiveBase,
    api,
    cs,
    workbench,
    recordClient: (hetu, names, extra = {}) =>
      cs.service.recordClient(
        { kind: 'hetu', value: hetu },
        { ...names, ...(extra.address ? { address: extra.address } : {}), turvakielto: extra.turvakielto ?? false },
      ),
    async close() {
      await workbench.app.close();
      await cs.close();
      await api.close();
      await cs.db.close();
      await archive.app.close();
      await archive.db.close();
      await pki.cleanup();
    },
  };
}
