import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SystemProfile } from '../identity/identity.ts';
import { readArkkiFields } from './certificate-fields.ts';
import { httpsOptionsFromPki } from './https-options.ts';
import {
  createTestPki,
  issueCitizenCertificate,
  issueProfessionalCertificate,
  issueServerCertificate,
  issueSystemCertificate,
  loadPki,
  loadTrust,
  parseSystemProfile,
  PKI_FILES,
  SYSTEM_PROFILES,
  TEST_KEY_SUFFIX,
  verifyChain,
  type TestPki,
} from './index.ts';

const ORG = '1.2.246.10.9990001.10.1';

describe('test PKI', () => {
  let base: string;
  let dir: string;
  let pki: TestPki;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'arkki-test-pki-'));
    dir = join(base, 'pki');
    pki = await createTestPki(dir);
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('writes the CAs, chain, CRLs and index, and marks every private key TEST-ONLY in name, text and mode', async () => {
    const files = await readdir(dir);
    for (const f of Object.values(PKI_FILES)) assert.ok(files.includes(f), `${f} is written`);
    assert.match(await readFile(join(dir, '.gitignore'), 'utf8'), /^\*$/m, 'the whole directory is ignored by git');
    const keys = files.filter((f) => f.includes('.key.'));
    assert.deepEqual(keys.sort(), [PKI_FILES.intermediateKey, PKI_FILES.rootKey].sort());
    for (const k of keys) {
      assert.ok(k.endsWith(TEST_KEY_SUFFIX));
      assert.match(await readFile(join(dir, k), 'utf8'), /^TEST ONLY/);
      assert.equal((await stat(join(dir, k))).mode & 0o077, 0, `${k} is readable by its owner only`);
    }
  });

  it('issues certificates that a second X.509 implementation (node:crypto) sees chained to the root', async () => {
    const issued = await issueSystemCertificate(pki, { organisationOid: ORG, profile: 'connected', name: 'Cross-check ATJ' });
    const leaf = new NodeX509(issued.certPem);
    const intermediate = new NodeX509(await readFile(join(dir, PKI_FILES.intermediateCert)));
    const root = new NodeX509(await readFile(join(dir, PKI_FILES.rootCert)));
    assert.ok(leaf.checkIssued(intermediate) && leaf.verify(intermediate.publicKey));
    assert.ok(intermediate.checkIssued(root) && intermediate.verify(root.publicKey));
    assert.ok(root.ca && intermediate.ca && !leaf.ca);
    assert.equal(leaf.serialNumber.toLowerCase(), issued.serial);
  });

  it('refuses to create a second PKI over an existing one', async () => {
    await assert.rejects(createTestPki(dir), /already holds a test PKI/);
  });

  it('loads from disk and keeps issuing under the same root', async () => {
    const loaded = await loadPki(dir);
    assert.equal(loaded.root.serialNumber, pki.root.serialNumber);
    const issued = await issueProfessionalCertificate(loaded, {
      organisationOid: ORG,
      name: 'Ladattu Ammattilainen',
      professionalId: 'DEMO-1002',
    });
    const result = await verifyChain(issued.certificate, await loadTrust(dir), new Date());
    assert.ok(result.ok);
    const index = JSON.parse(await readFile(join(dir, PKI_FILES.index), 'utf8')) as { issued: Array<{ serial: string }> };
    assert.ok(index.issued.some((e) => e.serial === issued.serial));
  });

  describe('what each kind of certificate carries', () => {
    const profiles: Array<[string, SystemProfile]> = SYSTEM_PROFILES.map((p) => [p, p]);
    for (const [input, profile] of [
      ...profiles,
      ['liittyvä', 'connected'],
      ['tallentava', 'storing'],
      ['katseleva', 'viewing'],
      ['arkistoiva', 'archiving'],
    ] as const) {
      it(`system profile ${input} → ${profile}`, async () => {
        const parsed = parseSystemProfile(input);
        assert.equal(parsed, profile);
        const issued = await issueSystemCertificate(pki, { organisationOid: ORG, profile: parsed!, name: `ATJ ${input}` });
        assert.deepEqual(readArkkiFields(issued.certificate), {
          ok: true,
          fields: { kind: 'system', commonName: `ATJ ${input}`, organisationOid: ORG, profile },
        });
      });
    }

    it('professional card: name, professional id and organisation', async () => {
      const issued = await issueProfessionalCertificate(pki, {
        organisationOid: ORG,
        name: 'Sanna Sosiaalityöntekijä',
        professionalId: 'DEMO-1001',
      });
      assert.deepEqual(readArkkiFields(issued.certificate), {
        ok: true,
        fields: { kind: 'professional', commonName: 'Sanna Sosiaalityöntekijä', subjectSerialNumber: 'DEMO-1001', organisationOid: ORG },
      });
    });

    it('citizen: name and test henkilötunnus', async () => {
      const issued = await issueCitizenCertificate(pki, { name: 'Testi Kansalainen', hetu: '020516C903K' });
      assert.deepEqual(readArkkiFields(issued.certificate), {
        ok: true,
        fields: { kind: 'citizen', commonName: 'Testi Kansalainen', subjectSerialNumber: '020516C903K' },
      });
    });

    it('server: localhost and 127.0.0.1, and https options that ask for client certificates', async () => {
      const issued = await issueServerCertificate(pki);
      const node = new NodeX509(issued.certPem);
      assert.equal(node.checkHost('localhost'), 'localhost');
      assert.equal(node.checkIP('127.0.0.1'), '127.0.0.1');
      const https = await httpsOptionsFromPki(dir);
      assert.ok(https.cert.startsWith(issued.certPem.trim().slice(0, 40)));
      assert.equal(https.requestCert, true);
      assert.equal(https.rejectUnauthorized, false);
    });
  });

  describe('refuses to issue what would be wrong', () => {
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['a real (non-test) henkilötunnus', () => issueCitizenCertificate(pki, { name: 'X', hetu: '131052-308T' }), /not a test number/],
      ['a malformed henkilötunnus', () => issueCitizenCertificate(pki, { name: 'X', hetu: '020516C903X' }), /check character/],
      [
        'an invalid organisation OID',
        () => issueSystemCertificate(pki, { organisationOid: '1.2.x', profile: 'connected', name: 'X' }),
        /organisation OID/,
      ],
      [
        'an unknown profile',
        () => issueSystemCertificate(pki, { organisationOid: ORG, profile: 'reading' as SystemProfile, name: 'X' }),
        /unknown system profile/,
      ],
      [
        'an empty system name',
        () => issueSystemCertificate(pki, { organisationOid: ORG, profile: 'viewing', name: ' ' }),
        /must not be empty/,
      ],
      [
        'a professional id with characters a card cannot carry',
        () => issueProfessionalCertificate(pki, { organisationOid: ORG, name: 'X', professionalId: 'Ä-1' }),
        /may contain only/,
      ],
      [
        'validity ending before it starts',
        () =>
          issueSystemCertificate(pki, {
            organisationOid: ORG,
            profile: 'viewing',
            name: 'X',
            validFrom: new Date(2030, 0, 2),
            validTo: new Date(2030, 0, 1),
          }),
        /valid until after/,
      ],
    ];
    for (const [what, issue, message] of cases) {
      it(what, () => assert.rejects(issue(), message));
    }
    it('an unknown profile name', () => assert.equal(parseSystemProfile('lukeva'), null));
  });
});
