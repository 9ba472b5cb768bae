// A migration signing worker: builds each document's CDA R2, signs it with the storing system's key and
// wraps it as the CDA-only DocumentReference of the batch Bundle (base64 and hashes), so the CPU work of a
// migrated document runs beside the run's main thread, which reads, sends and keeps the checkpoint.
// The key and the code-set folder arrive once, as workerData; every job answers with plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { signedCdaDocumentReference } from '../../lib/archive-api/attachment.ts';
import { readCodeSetFiles } from '../../lib/codes/code-set-files.ts';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import type { SigningKey } from '../../lib/xml/xml-signature.ts';
import type { SignJob } from './sign-pool.ts';
import { signedCda } from './signed-cda.ts';

const { key, codesDir } = workerData as { key: SigningKey; codesDir: string };
const codeSets = readCodeSetFiles(codesDir).then((files) => CodeSets.fromFiles(files));

parentPort!.on('message', (job: SignJob) => {
  (async () => {
    const sets = await codeSets;
    const refs = job.items.map((it) => signedCdaDocumentReference(signedCda(it.metadata, it.pdf, sets, key)));
    parentPort!.postMessage({ id: job.id, refs });
  })().catch((err: unknown) => parentPort!.postMessage({ id: job.id, error: String((err as Error)?.message ?? err) }));
});
