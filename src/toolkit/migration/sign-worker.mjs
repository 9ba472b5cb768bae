// Entry of a migration signing worker thread. Worker threads do not inherit the TypeScript loader the
// tool runs under, so this plain module registers it before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sign-worker.ts');
