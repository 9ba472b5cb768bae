// The conformance test service: the recording proxy in front of a test archive, and the report of what it
// saw. A run is: start the harness, point the client system at `fhirBase`, do the published test cases in
// the system, then `report()` (as often as wanted: each report covers everything recorded so far).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import type { CertificateTrust } from '../../lib/pki/index.ts';
import type { Lang } from '../../lib/ui/i18n.ts';
import { observe } from './observe.ts';
import { startRecorder } from './recorder.ts';
import type { KnownUser } from './recording.ts';
import { buildReport, type ConformanceReport } from './report.ts';
import { reportPdf } from './report-pdf.ts';
import { reportHtmlDocument } from './report-view.tsx';
import { requirementList, type RequirementList } from './requirements.ts';

export interface HarnessOptions {
  /** The test archive (origin or FHIR base). */
  archive: string;
  /** Trust for the system signatures (the test PKI's roots, intermediates and CRLs). */
  trust: CertificateTrust;
  /** Name and version of the system under test, printed on the report. */
  system: string;
  host?: string;
  port?: number;
  now?: () => Date;
  /** The test archive's demo users; default: asked from its GET /demo/users. */
  users?: readonly KnownUser[];
}

export interface Harness {
  /** The FHIR base to configure in the client system instead of the archive's. */
  fhirBase: string;
  list: RequirementList;
  /** What was recorded so far, without bodies or query values: for a run's log and for diagnosing a run. */
  exchanges(): Array<{ id: string; method: string; path: string; status: number; transportError?: string }>;
  report(): Promise<ConformanceReport>;
  close(): Promise<void>;
}

/** The demo users of a demo-mode test archive (an archive in production mode has none: identities are certificates). */
export async function archiveUsers(archive: string): Promise<KnownUser[]> {
  try {
    const answer = await request(new URL('/demo/users', archive));
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      return [];
    }
    const users = (await answer.body.json()) as Array<{ id: string; role: string; organisation?: string; registerKeeper?: string }>;
    return users.map((u) => ({ id: u.id, role: u.role, ...(u.organisation ? { organisation: u.organisation } : {}) }));
  } catch {
    return [];
  }
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const now = options.now ?? (() => new Date());
  const list = requirementList();
  const users = options.users ?? (await archiveUsers(options.archive));
  const recorder = await startRecorder({
    upstream: options.archive,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    now,
  });
  const started = now();
  return {
    fhirBase: recorder.fhirBase,
    list,
    exchanges: () =>
      recorder.exchanges().map((x) => ({
        id: x.id,
        method: x.method,
        // A path below the FHIR base may name a client (Patient/<henkilötunnus>): only its resource type is shown.
        path: x.path.split('/')[0] ?? '',
        status: x.status,
        ...(x.transportError ? { transportError: x.transportError } : {}),
      })),
    async report() {
      const exchanges = recorder.exchanges();
      const observations = await observe(exchanges, { trust: options.trust, users });
      return buildReport({
        observations,
        list,
        system: options.system,
        archive: options.archive,
        started,
        ended: now(),
        exchanges: exchanges.length,
      });
    },
    close: () => recorder.close(),
  };
}

/** Writes conformance-report.json, .html (in `lang`) and .pdf into `dir`; returns the paths. */
export async function writeReport(report: ConformanceReport, list: RequirementList, dir: string, lang: Lang): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = {
    json: join(dir, 'conformance-report.json'),
    html: join(dir, 'conformance-report.html'),
    pdf: join(dir, 'conformance-report.pdf'),
  };
  await writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files.html, reportHtmlDocument(report, list, lang));
  await writeFile(files.pdf, await reportPdf(report, list, lang));
  return Object.values(files);
}
