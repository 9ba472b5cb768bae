import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What `npm start` promises a new user: the archive comes up on embedded PGlite with demo data, prints
// its URLs, serves metadata and the landing page (client documents as system-signed CDA with a PDF
// rendering), and keeps its data across a restart.

const root = new URL('../../', import.meta.url).pathname;

async function start(dataDir: string): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ARKKI_DATA_DIR: dataDir, ARKKI_MODE: 'demo', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /landing page\s+(http:\/\/\S+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return { proc, base, output: () => out };
}

async function stop(proc: ChildProcess): Promise<void> {
  const done = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  await done;
}

test('npm start serves the FHIR metadata, landing page and demo users, and keeps data across a restart', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arkki-start-'));
  try {
    const first = await start(dir);
    assert.match(first.output(), /demo data\s+\d+ documents archived/);
    assert.match(first.output(), /demo TEST PKI\s+\S+pki \(created now/, 'the demo PKI is created on first start and its place printed');
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
    assert.doesNotMatch(second.output(), /demo data\s+\d+ documents archived/, 'demo data is seeded only into an empty database');
    assert.doesNotMatch(second.output(), /created now/, 'the demo PKI is kept');
    assert.deepEqual(await search(second.base), before);
    await stop(second.proc);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
