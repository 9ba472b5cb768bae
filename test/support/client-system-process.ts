// The client system alone as its own process, configured by the environment (loadClientConfig), with its
// background load-queue worker: what a fault test kills with SIGKILL and starts again.
import { loadClientConfig } from '../../src/client/config.ts';
import { startClientSystem } from '../../src/client/start.ts';

const cs = await startClientSystem({
  config: loadClientConfig(process.env),
  onError: (err) => console.log(`load queue: ${err instanceof Error ? err.message : String(err)}`),
});
console.log('client system ready');
const stop = async () => {
  await cs.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
