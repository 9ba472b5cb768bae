import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { certificateAuthenticator, GENERIC_REFUSAL } from '../../src/archive/auth/certificate-authenticator.ts';
import { DEMO_USER_HEADER } from '../../src/archive/auth/demo-authenticator.ts';
import type { ArchiveAdapterContext } from '../../src/archive/adapter-context.ts';
import { identityOf, installFhirBasics, sendResource } from '../../src/archive/fhir/fhir-plugin.ts';
import { httpsOptionsFromPki, PKI_FILES } from '../../src/lib/pki/index.ts';
import { createPkiFixture, ORG_VAASA, type PkiFixture } from '../support/pki.ts';

// Issue 5, production mode: a real HTTPS server asks for client certificates, the certificate
// authenticator decides per request. Refusals are a generic 401 to the caller and a reason in the log.

interface Reply {
  status: number;
  body: string;
}

describe('mTLS with the certificate authenticator', () => {
  let f: PkiFixture;
  let app: FastifyInstance;
  let port: number;
  let ca: string;
  const logs: Array<Record<string, unknown>> = [];

  before(async () => {
    f = await createPkiFixture();
    ca = await readFile(join(f.dir, PKI_FILES.chain), 'utf8');
    app = Fastify({
      https: await httpsOptionsFromPki(f.dir),
      logger: {
        level: 'warn',
        stream: {
          write: (line: string) => {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          },
        },
      },
    });
    // Only what installFhirBasics reads: the body limit and the authenticator.
    const ctx = {
      config: { mode: 'production', maxBodyBytes: 1024 * 1024 },
      authenticate: certificateAuthenticator({ trust: () => f.trust, registerKeeperOf: f.registerKeeperOf }),
    } as unknown as ArchiveAdapterContext;
    await app.register(
      async (fhir) => {
        installFhirBasics(fhir, ctx);
        fhir.get('/whoami', async (req, reply) => sendResource(reply, 200, identityOf(req)));
      },
      { prefix: '/fhir/R4' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app?.close();
    await f?.cleanup();
  });

  /** A fresh TLS connection per call (agent: false), so no session or certificate carries over. */
  function get(cert: keyof PkiFixture['certs'] | null, headers: Record<string, string> = {}): Promise<Reply> {
    const client = cert ? { cert: f.certs[cert].certPem, key: f.certs[cert].keyPem } : {};
    return new Promise((resolve, reject) => {
      const req = request({ host: 'localhost', port, path: '/fhir/R4/whoami', ca, agent: false, headers, ...client }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => {
            body += d;
          })
          .on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject).end();
    });
  }

  function lastRefusal(): Record<string, unknown> {
    const entry = logs.filter((l) => l.auth === 'certificate').at(-1);
    assert.ok(entry, 'the refusal was logged');
    return entry;
  }

  it('a valid system certificate → 200 with the identity it carries', async () => {
    const r = await get('system');
    assert.equal(r.status, 200, r.body);
    const identity = JSON.parse(r.body) as Record<string, unknown>;
    assert.equal(identity.role, 'system');
    assert.equal(identity.organisationOid, ORG_VAASA);
    assert.equal(identity.systemId, 'Pohjanmaan ATJ');
    assert.equal(identity.systemProfile, 'connected');
  });

  const refused: Array<[string, keyof PkiFixture['certs'] | null, string]> = [
    ['no certificate', null, 'no-certificate'],
    ['an expired certificate', 'expired', 'expired'],
    ['a revoked certificate', 'revoked', 'revoked'],
    ['a certificate from an unknown CA', 'unknownCa', 'unknown-issuer'],
    ['an organisation the archive does not know', 'wrongOrganisation', 'wrong-organisation'],
    ['a citizen certificate', 'citizen', 'wrong-kind'],
  ];
  for (const [what, cert, reason] of refused) {
    it(`${what} → 401 with the generic message; the reason (${reason}) only in the server log`, async () => {
      const r = await get(cert);
      assert.equal(r.status, 401);
      const outcome = JSON.parse(r.body) as { resourceType: string; issue: Array<{ code: string; diagnostics: string }> };
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.equal(outcome.issue[0]!.code, 'login');
      assert.equal(outcome.issue[0]!.diagnostics, GENERIC_REFUSAL);
      assert.ok(!r.body.includes(reason), 'the caller is not told why');
      const log = lastRefusal();
      assert.equal(log.reason, reason);
      assert.equal(log.level, 40, 'logged as a warning');
      if (cert) assert.equal(log.serial, f.certs[cert].serial);
    });
  }

  it('the demo user header is refused, even next to a valid certificate', async () => {
    const r = await get('system', { [DEMO_USER_HEADER]: 'archivist-vaasa' });
    assert.equal(r.status, 401);
    assert.equal(lastRefusal().reason, 'demo-header');
  });

  it('the log names subject and serial but never a henkilötunnus', async () => {
    await get('citizen');
    const log = JSON.stringify(lastRefusal());
    assert.ok(!log.includes('020516C903K'), log);
    assert.match(log, /Testi Kansalainen/);
  });
});
