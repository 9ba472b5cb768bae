// The build worker's entry: worker threads do not inherit the main thread's tsx loader (Node 20), so the
// worker registers it itself before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');
