// npm ci runs this (postinstall): one initdb of an embedded PGlite cluster, saved as a tarball that every new
// embedded database starts from (src/lib/db/pglite-image.ts says why). It never fails the install: without
// the image the first start is only slower.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
try {
  const pkgFile = join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const target = join(root, 'node_modules', '.cache', 'arkki', `pglite-${version}-empty-cluster.tar.gz`);
  if (existsSync(target)) process.exit(0);
  const started = Date.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite();
  await pg.waitReady;
  const image = await pg.dumpDataDir('gzip');
  await pg.close();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.part`, Buffer.from(await image.arrayBuffer()));
  renameSync(`${target}.part`, target);
  console.log(`arkki: prepared the embedded database image in ${((Date.now() - started) / 1000).toFixed(1)} s (${target})`);
} catch (err) {
  console.warn(`arkki: could not prepare the embedded database image (the first start will be slower): ${err?.message ?? err}`);
}
