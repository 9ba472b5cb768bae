import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../lib/env.ts';
import { loadToolkitConfig } from './config.ts';

// Production without its single sign-on must not start (the demo picker exists in demo mode only), and the
// message names the setting; the conformance harness's test archive and PKI are read as documented.
const PRODUCTION = {
  ARKKI_MODE: 'production',
  ARKKI_TOOLKIT_ARCHIVE_URL: 'https://archive.example/fhir/R4',
  ARKKI_TOOLKIT_ARCHIVE_CERT: '/etc/arkki/toolkit.cert.pem',
  ARKKI_TOOLKIT_ARCHIVE_KEY: '/etc/arkki/toolkit.key.pem',
  ARKKI_TOOLKIT_SESSION_SECRET: 'x'.repeat(40),
};

const refused = (env: Record<string, string>, setting: string, message: RegExp) =>
  assert.throws(
    () => loadToolkitConfig(env),
    (err: unknown) => err instanceof ConfigError && err.setting === setting && message.test(err.message),
  );

describe('toolkit configuration', () => {
  it('refuses production without sign-in configured, naming ARKKI_TOOLKIT_SSO_HEADER', () => {
    refused(PRODUCTION, 'ARKKI_TOOLKIT_SSO_HEADER', /required in production.*no sign-in of its own/);
    refused({ ...PRODUCTION, ARKKI_TOOLKIT_SSO_HEADER: 'X-Remote-User' }, 'ARKKI_TOOLKIT_USERS', /go together/);
    refused(
      { ...PRODUCTION, ARKKI_TOOLKIT_SSO_HEADER: 'bad header', ARKKI_TOOLKIT_USERS: 'u.json' },
      'ARKKI_TOOLKIT_SSO_HEADER',
      /header name/,
    );
  });

  it('starts production with the single sign-on and no conformance harness unless both its settings are given', () => {
    const c = loadToolkitConfig({ ...PRODUCTION, ARKKI_TOOLKIT_SSO_HEADER: 'X-Remote-User', ARKKI_TOOLKIT_USERS: '/etc/arkki/users.json' });
    assert.deepEqual(c.signIn, { header: 'x-remote-user', usersFile: '/etc/arkki/users.json' });
    assert.equal(c.conformance, undefined);
    const sso = { ...PRODUCTION, ARKKI_TOOLKIT_SSO_HEADER: 'X-Remote-User', ARKKI_TOOLKIT_USERS: '/etc/arkki/users.json' };
    refused({ ...sso, ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE: 'https://test-archive.example' }, 'ARKKI_TOOLKIT_CONFORMANCE_PKI', /both/);
    const both = loadToolkitConfig({
      ...sso,
      ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE: 'https://test-archive.example',
      ARKKI_TOOLKIT_CONFORMANCE_PKI: '/srv/pki',
    });
    assert.deepEqual(both.conformance, { archive: 'https://test-archive.example', pkiDir: '/srv/pki' });
  });

  it('demo mode: the harness fronts the archive beside it with the demo PKI unless told otherwise', () => {
    const c = loadToolkitConfig({ ARKKI_MODE: 'demo', ARKKI_DATA_DIR: '/tmp/arkki-data' });
    assert.deepEqual(c.conformance, { pkiDir: '/tmp/arkki-data/pki' });
    assert.equal(c.signIn, undefined);
    const set = loadToolkitConfig({
      ARKKI_MODE: 'demo',
      ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE: 'http://127.0.0.1:9000',
      ARKKI_TOOLKIT_CONFORMANCE_PKI: '/srv/pki',
    });
    assert.deepEqual(set.conformance, { archive: 'http://127.0.0.1:9000', pkiDir: '/srv/pki' });
    refused({ ARKKI_MODE: 'demo', ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE: 'ftp://x' }, 'ARKKI_TOOLKIT_CONFORMANCE_ARCHIVE', /http\(s\) URL/);
  });
});
