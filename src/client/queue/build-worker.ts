// A build worker thread of the load queue: renders the PDF, writes the CDA and signs it (build-submission)
// for the items it is given, so the main thread keeps claiming, sending and recording meanwhile. Its code
// sets and signing key come once, in workerData; the key object stays the same, so the prepared signer
// is made once per worker.
import { parentPort, workerData } from 'node:worker_threads';
import { CodeSets } from '../../lib/codes/code-sets.ts';
import { buildSignedCda, type SubmissionBuilder } from './build-submission.ts';
import type { BuildRequest, BuildResponse, BuildWorkerData } from './build-pool.ts';

const data = workerData as BuildWorkerData;
const builder: SubmissionBuilder = { codeSets: new CodeSets(data.codeSets), systemKey: data.systemKey };

parentPort!.on('message', async (m: BuildRequest) => {
  let answer: BuildResponse;
  try {
    const payloads: string[] = [];
    for (const item of m.items) payloads.push(await buildSignedCda(builder, item.metadata, item.content));
    answer = { id: m.id, payloads };
  } catch (err) {
    answer = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(answer);
});
