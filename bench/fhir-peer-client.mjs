#!/usr/bin/env node
// A standard FHIR R4 client's document workload, for putting any FHIR server beside arkki with the same
// script (issue 16 item 6). Plain Node 20, no dependencies and nothing of arkki: give it a base URL, the
// headers your server wants (auth) and a payload file.
//
//   node bench/fhir-peer-client.mjs --base http://host:port/fhir/R4 --header 'Authorization: Bearer …' \
//        --payloads payloads.jsonl [--clients 4,16] [--docs 2000] [--warmup 50] [--out result.json]
//
// Payload file: JSON lines, one document each:
//   { "patient"?:  a Patient resource with an id, PUT once before the clock starts (servers that check references),
//     "binary"?:   a Binary resource, POSTed first; its id replaces "urn:peer:binary" in the DocumentReference's
//                  content[].attachment.url (as "Binary/<id>"),
//     "documentReference": the DocumentReference resource POSTed (body inline when there is no binary),
//     "search":    the query string of a search that finds it, e.g. "patient=Patient/123&type=http://loinc.org|11506-3" }
// For each client count, a fresh slice of --docs lines is created (one client loop = one connection's worth of
// requests, one request at a time), then as many searches (DocumentReference?<search>&_count=20) and as many
// reads by id (DocumentReference/<id> from the create's answer), each phase timed on its own. The line count
// must be ≥ --docs × the number of client counts. Output: JSON with requests/s and latency percentiles per phase.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    header: { type: 'string', multiple: true, default: [] },
    payloads: { type: 'string' },
    clients: { type: 'string', default: '4,16' },
    docs: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '50' },
    count: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
if (!values.base || !values.payloads) {
  console.error('usage: fhir-peer-client.mjs --base URL --payloads FILE.jsonl [--header "Name: value"]… [--clients 4,16] [--docs N]');
  process.exit(2);
}
const base = values.base.replace(/\/+$/, '');
const docs = Number(values.docs);
const warmup = Number(values.warmup);
const clientCounts = values.clients.split(',').map(Number);
const headers = { accept: 'application/fhir+json', 'content-type': 'application/fhir+json' };
for (const h of values.header) {
  const i = h.indexOf(':');
  if (i < 1) throw new Error(`--header must be "Name: value", got ${JSON.stringify(h)}`);
  headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
}
const lines = (await readFile(values.payloads, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
if (lines.length < docs * clientCounts.length + warmup)
  throw new Error(`${lines.length} payload lines; --docs ${docs} × ${clientCounts.length} client counts + ${warmup} warm-up need more`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
const stats = (ms, wallMs) => {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return {
    requests: s.length,
    perSecond: Math.round((s.length / wallMs) * 1000 * 10) / 10,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s[s.length - 1]),
  };
};

async function call(method, path, body) {
  const start = performance.now();
  const response = await fetch(`${base}/${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  const ms = performance.now() - start;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return { ms, json: text ? JSON.parse(text) : undefined, location: response.headers.get('location') };
}

/** The created resource's id: from the answer's body, else from Location (…/Type/<id>/_history/<v>). */
const idOf = (r) => r.json?.id ?? /\/([^/]+)\/_history\//.exec(r.location ?? '')?.[1] ?? r.location?.split('/').pop();

/** Creates one document (Binary first when the line has one); returns its DocumentReference id and the time of both. */
async function create(line) {
  let ms = 0;
  let resource = line.documentReference;
  if (line.binary) {
    const b = await call('POST', 'Binary', line.binary);
    ms += b.ms;
    resource = JSON.parse(JSON.stringify(resource).replaceAll('urn:peer:binary', `Binary/${idOf(b)}`));
  }
  const d = await call('POST', 'DocumentReference', resource);
  return { ms: ms + d.ms, id: idOf(d), search: line.search };
}

/** `clients` loops, one request at a time each, over `jobs`; wall time and each job's milliseconds. */
async function run(clients, jobs, fn) {
  const ms = [];
  const out = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) {
        const i = next++;
        const r = await fn(jobs[i]);
        ms.push(r.ms);
        out[i] = r;
      }
    }),
  );
  return { wallMs: performance.now() - start, ms, out };
}

const patients = new Map();
for (const l of lines) if (l.patient?.id) patients.set(l.patient.id, l.patient);
for (const p of patients.values()) await call('PUT', `Patient/${encodeURIComponent(p.id)}`, p);

const result = { base, docs, clients: {}, startedAt: new Date().toISOString() };
let offset = 0;
const warm = lines.slice(offset, (offset += warmup));
const warmed = (await run(4, warm, create)).out;
await run(4, warmed, (c) => call('GET', `DocumentReference?${c.search}&_count=${values.count}`));
await run(4, warmed, (c) => call('GET', `DocumentReference/${encodeURIComponent(c.id)}`));
for (const clients of clientCounts) {
  const slice = lines.slice(offset, (offset += docs));
  const created = await run(clients, slice, create);
  const searched = await run(clients, created.out, (c) => call('GET', `DocumentReference?${c.search}&_count=${values.count}`));
  const read = await run(clients, created.out, (c) => call('GET', `DocumentReference/${encodeURIComponent(c.id)}`));
  result.clients[clients] = {
    create: stats(created.ms, created.wallMs),
    search: stats(searched.ms, searched.wallMs),
    read: stats(read.ms, read.wallMs),
  };
  console.error(
    `${clients} clients: create ${result.clients[clients].create.perSecond}/s, search ${result.clients[clients].search.perSecond}/s, read ${result.clients[clients].read.perSecond}/s`,
  );
}
result.finishedAt = new Date().toISOString();
const text = `${JSON.stringify(result, null, 2)}\n`;
if (values.out) await writeFile(values.out, text);
else process.stdout.write(text);
