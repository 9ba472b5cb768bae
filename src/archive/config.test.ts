import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadArchiveConfig } from './config.ts';

test('defaults: demo mode on port 8080 with PGlite under ./data', () => {
  const c = loadArchiveConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.mode, 'demo');
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dataDir, /\/data$/);
});

const bad: Array<[Record<string, string>, string, RegExp]> = [
  [{ PORT: 'eighty' }, 'PORT', /whole number/],
  [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
  [{ ARKKI_MODE: 'prod' }, 'ARKKI_MODE', /'demo' or 'production'/],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
  [{ ARKKI_MAX_BODY_BYTES: '10' }, 'ARKKI_MAX_BODY_BYTES', /between/],
  [{ ARKKI_LOG_LEVEL: 'loud' }, 'ARKKI_LOG_LEVEL', /one of/],
];
for (const [env, setting, message] of bad) {
  test(`invalid ${setting} stops start-up naming the setting`, () => {
    assert.throws(
      () => loadArchiveConfig(env),
      (err: unknown) => err instanceof ConfigError && err.setting === setting && message.test(err.message) && err.message.includes(setting),
    );
  });
}

test('production mode and PostgreSQL URL are taken as given', () => {
  const c = loadArchiveConfig({ ARKKI_MODE: 'production', DATABASE_URL: 'postgres://a@localhost/arkki', PORT: '0' });
  assert.equal(c.mode, 'production');
  assert.equal(c.databaseUrl, 'postgres://a@localhost/arkki');
  assert.equal(c.port, 0);
});
