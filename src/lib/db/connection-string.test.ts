import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptable, parsePostgresTarget } from './connection-string.ts';
import { isConnectionLoss } from './unavailable.ts';

describe('multi-host connection strings', () => {
  it('gives every host a one-host URL that keeps credentials, database and parameters', () => {
    const t = parsePostgresTarget(
      'postgresql://arkki_service:s3cret@db1:5433,db2,[::1]:6000/arkki?sslmode=require&target_session_attrs=read-write',
    );
    assert.equal(t.targetSessionAttrs, 'read-write');
    assert.deepEqual(
      t.hosts.map((h) => [h.host, h.port, h.url]),
      [
        ['db1', 5433, 'postgresql://arkki_service:s3cret@db1:5433/arkki?sslmode=require'],
        ['db2', 5432, 'postgresql://arkki_service:s3cret@db2:5432/arkki?sslmode=require'],
        ['::1', 6000, 'postgresql://arkki_service:s3cret@[::1]:6000/arkki?sslmode=require'],
      ],
    );
  });

  it('reads a one-host URL as before (any server, the port parameter as default port)', () => {
    const t = parsePostgresTarget('postgres://arkki@127.0.0.1/postgres?port=5999&connect_timeout=3');
    assert.equal(t.targetSessionAttrs, 'any');
    assert.equal(t.connectTimeoutSeconds, 3);
    assert.deepEqual(t.hosts, [{ host: '127.0.0.1', port: 5999, url: 'postgres://arkki@127.0.0.1:5999/postgres?connect_timeout=3' }]);
  });

  it('names the setting and the rule for a bad value, without the password', () => {
    assert.throws(
      () => parsePostgresTarget('postgres://u:hunter2@db1/arkki?target_session_attrs=writable'),
      (e: Error) => /DATABASE_URL: target_session_attrs must be one of any, read-write/.test(e.message) && !e.message.includes('hunter2'),
    );
    assert.throws(() => parsePostgresTarget('postgres://u:hunter2@db1,:5432/arkki'), /host 2 of 2 \(':5432'\) must be host\[:port\]/);
    assert.throws(() => parsePostgresTarget('postgres://db1:99999/arkki'), /port of host 1/);
  });

  it('accepts a server as libpq does for each target_session_attrs', () => {
    const primary = { inRecovery: false, readOnly: false };
    const standby = { inRecovery: true, readOnly: true };
    assert.equal(acceptable('read-write', primary), true);
    assert.equal(acceptable('read-write', standby), false);
    assert.equal(acceptable('read-write', { inRecovery: false, readOnly: true }), false);
    assert.equal(acceptable('primary', primary), true);
    assert.equal(acceptable('standby', standby), true);
    assert.equal(acceptable('prefer-standby', primary), false);
    assert.equal(acceptable('any', standby), true);
  });

  it('tells a lost connection from a wrong statement', () => {
    assert.equal(isConnectionLoss(new Error('Connection terminated unexpectedly'), false), true);
    assert.equal(isConnectionLoss(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), false), true);
    assert.equal(
      isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), false),
      true,
    );
    assert.equal(
      isConnectionLoss(Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }), true),
      true,
    );
    assert.equal(
      isConnectionLoss(Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }), false),
      false,
    );
    assert.equal(isConnectionLoss(Object.assign(new Error('duplicate key'), { code: '23505' }), true), false);
  });
});
