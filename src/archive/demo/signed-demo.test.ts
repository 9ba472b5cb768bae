import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPglite } from '../../lib/db/pglite.ts';
import { loadTrust } from '../../lib/pki/index.ts';
import { ensureDemoPki } from '../auth/demo-pki.ts';
import { prepareArchive } from '../bootstrap.ts';
import { depsOf } from '../context.ts';
import { seedDemo } from './seed.ts';

interface Row {
  document_id: string;
  client_key: string;
  format: string;
  content_type: string;
  data: Uint8Array;
}

async function seeded(): Promise<Row[]> {
  const db = await openPglite();
  const dir = await mkdtemp(join(tmpdir(), 'arkki-demo-seed-'));
  try {
    const ctx = await prepareArchive(db, 'demo', 1024 * 1024);
    await ensureDemoPki(dir, ctx.demoUsers ?? []);
    const trust = await loadTrust(dir);
    ctx.signatureTrust = () => trust;
    await seedDemo(depsOf(ctx), ctx.demoUsers ?? [], 2, dir);
    const rows = await db.query<Row>(`SELECT d.document_id, d.client_key, d.format, b.content_type, b.data FROM document d
      JOIN document_body b ON b.register_keeper_oid = d.register_keeper_oid AND b.client_key = d.client_key AND b.sha256 = d.body_sha256
      ORDER BY d.document_id`);
    return rows.rows;
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('every demo document, clienthood and case documents too, goes in as system-signed CDA of both phases', {
  timeout: 600_000,
}, async () => {
  const signed = await seeded();
  assert.ok(signed.length > 20);
  assert.deepEqual([...new Set(signed.map((r) => r.format))], ['cda'], 'no unsigned pdf or structured documents');
  assert.ok(signed.every((r) => r.content_type === 'application/hl7-v3+xml'));
  const texts = signed.map((r) => Buffer.from(r.data).toString('utf8'));
  assert.ok(
    texts.every((t) => t.includes('http://www.w3.org/2000/09/xmldsig#')),
    'every CDA document is signed',
  );
  assert.ok(
    texts.some((t) => t.includes('nonXMLBody')),
    'phase I documents',
  );
  assert.ok(
    texts.some((t) => t.includes('structuredBody')),
    'phase 2 documents',
  );
});

test('seeding without the demo PKI is refused rather than archiving unsigned documents', async () => {
  const db = await openPglite();
  try {
    const ctx = await prepareArchive(db, 'demo', 1024 * 1024);
    await assert.rejects(() => seedDemo(depsOf(ctx), ctx.demoUsers ?? [], 1), /needs the demo PKI/);
  } finally {
    await db.close();
  }
});
