import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../lib/env.ts';
import { loadClientConfig } from './config.ts';

describe('client system configuration', () => {
  it('demo defaults: its own PGlite directory, the demo archive and the demo PKI', () => {
    const c = loadClientConfig({ ARKKI_DATA_DIR: '/tmp/arkki-demo' });
    assert.equal(c.mode, 'demo');
    assert.equal(c.pgliteDir, '/tmp/arkki-demo/client-db');
    assert.equal(c.archiveUrl, 'http://127.0.0.1:8080/fhir/R4');
    assert.equal(c.systemCertificate, undefined);
    assert.equal(c.caChainFile, '/tmp/arkki-demo/pki/ca-chain.pem');
    assert.deepEqual(c.workbench, { host: '127.0.0.1', port: 8081, staleAfterDays: 3 }, 'the workbench listens beside the archive');
    assert.equal(loadClientConfig({ PORT: '9000' }).workbench.port, 9001);
    assert.equal(loadClientConfig({ PORT: '0' }).workbench.port, 0, 'any free port stays any free port');
  });

  const refused: Array<[string, Record<string, string>, string]> = [
    [
      'production needs a system certificate',
      { ARKKI_MODE: 'production', ARKKI_CLIENT_ARCHIVE_URL: 'https://a/fhir/R4' },
      'ARKKI_CLIENT_SYSTEM_CERT',
    ],
    ['production needs https', { ARKKI_MODE: 'production', ARKKI_CLIENT_ARCHIVE_URL: 'http://a/fhir/R4' }, 'ARKKI_CLIENT_ARCHIVE_URL'],
    ['a certificate without its key', { ARKKI_CLIENT_SYSTEM_CERT: '/x.pem' }, 'ARKKI_CLIENT_SYSTEM_KEY'],
    ['a signing certificate without its key', { ARKKI_CLIENT_SIGNING_CERT: '/x.pem' }, 'ARKKI_CLIENT_SIGNING_KEY'],
    [
      'production needs a signing certificate',
      {
        ARKKI_MODE: 'production',
        ARKKI_CLIENT_ARCHIVE_URL: 'https://a/fhir/R4',
        ARKKI_CLIENT_SYSTEM_CERT: '/c',
        ARKKI_CLIENT_SYSTEM_KEY: '/k',
      },
      'ARKKI_CLIENT_SIGNING_CERT',
    ],
    ['its own database is PostgreSQL', { CLIENT_DATABASE_URL: 'mysql://x' }, 'CLIENT_DATABASE_URL'],
    ['batch at most what the archive takes', { ARKKI_CLIENT_QUEUE_BATCH: '1001' }, 'ARKKI_CLIENT_QUEUE_BATCH'],
    ['the workbench TLS certificate without its key', { ARKKI_CLIENT_TLS_CERT: '/x.pem' }, 'ARKKI_CLIENT_TLS_KEY'],
    ['the workbench port is a port', { ARKKI_CLIENT_PORT: '70000' }, 'ARKKI_CLIENT_PORT'],
    ['register keeper is an OID', { ARKKI_CLIENT_REGISTER_KEEPER: 'vaasa' }, 'ARKKI_CLIENT_REGISTER_KEEPER'],
  ];
  for (const [name, env, setting] of refused) {
    it(`refuses: ${name}`, () =>
      assert.throws(
        () => loadClientConfig(env),
        (e: unknown) => e instanceof ConfigError && e.setting === setting,
      ));
  }
});
