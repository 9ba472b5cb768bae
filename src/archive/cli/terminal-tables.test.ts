import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pkiListTable } from './terminal-tables.ts';

describe('terminal tables', () => {
  it('pki list has a header and tells two systems of the same name apart by organisation', () => {
    const entry = (serial: string, org: string) => ({
      serial,
      kind: 'system' as const,
      subject: 'CN=arkki-client',
      certFile: 'x',
      keyFile: 'y',
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-01-01T00:00:00Z',
      organisationOid: org,
      profile: 'connected' as const,
    });
    const names: Record<string, string> = { '1.2.246.10.9990001.10.1': 'Pohjanmaan hyvinvointialue' };
    const lines = pkiListTable([entry('01', '1.2.246.10.9990001.10.1'), entry('02', '1.2.246.10.9990002.10.1')], (o) => names[o]).split(
      '\n',
    );
    assert.match(lines[0]!, /^SERIAL\s+KIND\s+STATUS\s+VALID UNTIL\s+NAME\s+PROFILE\s+ORGANISATION$/);
    assert.match(
      lines[2]!,
      /^01\s+system\s+valid\s+2027-01-01\s+arkki-client\s+connected\s+Pohjanmaan hyvinvointialue \(1\.2\.246\.10\.9990001\.10\.1\)$/,
    );
    assert.match(lines[3]!, /arkki-client\s+connected\s+\(1\.2\.246\.10\.9990002\.10\.1\)$/);
  });
});
