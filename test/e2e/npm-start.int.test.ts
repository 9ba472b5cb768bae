import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, waitFor } from '../support/npm-start.ts';

// What `npm start` promises a new user: the archive comes up on embedded PGlite with demo data, prints
// its URLs, serves metadata and the landing page (client documents as system-signed CDA with a PDF
// rendering), and keeps its data across a restart.

test('npm start serves the FHIR metadata, landing page and demo users, and keeps data across a restart', { timeout: 900_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-start-'));
  try {
    const first = await start(dir);
    assert.match(first.output(), /demo data\s+being archived now, in the background/);
    // The server answers while the demo data goes in behind it.
    assert.equal((await fetch(`${first.base}/fhir/R4/metadata`)).status, 200);
    await waitFor(first.proc, first.output, /demo data\s+\d+ documents archived on this first start/, 600);
    assert.match(
      first.output(),
      /demo TEST PKI\s+\S+pki \(being created now/,
      'the demo PKI is created on first start and its place printed',
    );
    const meta = await fetch(`${first.base}/fhir/R4/metadata`);
    assert.equal(meta.status, 200);
    assert.equal(((await meta.json()) as { resourceType: string }).resourceType, 'CapabilityStatement');
    const landing = await (await fetch(`${first.base}/`)).text();
    assert.match(landing, /DocumentReference/);
    assert.match(landing, /archivist-vaasa/);
    const users = (await (await fetch(`${first.base}/demo/users`)).json()) as Array<{ id: string; role: string }>;
    assert.ok(users.some((u) => u.role === 'archivist'));
    const search = async (base: string) => {
      const r = await fetch(`${base}/fhir/R4/DocumentReference?_count=500`, { headers: { 'X-Arkki-Demo-User': 'archivist-vaasa' } });
      assert.equal(r.status, 200);
      return ((await r.json()) as { entry: Array<{ resource: { id: string } }> }).entry.map((e) => e.resource.id).sort();
    };
    const before = await search(first.base);
    assert.ok(before.length > 50, `expected demo documents, got ${before.length}`);
    // Client documents are archived as system-signed CDA, each offered with a readable PDF rendering.
    const bundle = (await (
      await fetch(`${first.base}/fhir/R4/DocumentReference?_count=500`, { headers: { 'X-Arkki-Demo-User': 'archivist-vaasa' } })
    ).json()) as { entry: Array<{ resource: { content: Array<{ attachment: { contentType: string; url: string } }> } }> };
    const cda = bundle.entry.filter((e) => e.resource.content[0]!.attachment.contentType === 'application/hl7-v3+xml');
    assert.ok(cda.length > 20, `expected signed CDA demo documents, got ${cda.length}`);
    const pdfUrl = cda[0]!.resource.content.find((c) => c.attachment.contentType === 'application/pdf')!.attachment.url;
    const pdf = await fetch(`${first.base}/fhir/R4/${pdfUrl}`, { headers: { 'X-Arkki-Demo-User': 'archivist-vaasa' } });
    assert.equal(pdf.status, 200);
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
      '%PDF-',
    );
    await stop(first.proc);

    const second = await start(dir);
    assert.match(second.output(), /demo data\s+\d+ documents \(seeded on the first start\)/, 'the second start says what it found');
    assert.doesNotMatch(second.output(), /documents archived/, 'demo data is seeded only once');
    assert.doesNotMatch(second.output(), /being created now/, 'the demo PKI is kept');
    assert.deepEqual(await search(second.base), before);
    await stop(second.proc);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
