// Entry of a CDA verification worker thread. Worker threads do not inherit the TypeScript loader the
// archive runs under, so this plain module registers it before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./cda-verify-worker.ts');
