import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A fresh PGlite cluster costs ~5 s of initdb inside WebAssembly, during which the event loop is blocked (no
// progress line can even be printed). `npm ci` runs scripts/prepare-pglite-image.mjs, which does that initdb
// once and saves the empty cluster as a tarball; every new embedded database (the archive's, the client
// system's, the toolkit's, in-memory test databases) then starts from a copy of it in about a second.
// The image is keyed by the PGlite version, so an upgrade never loads a cluster of another PostgreSQL build;
// without an image everything still works, only the first start is slower.

const root = fileURLToPath(new URL('../../../', import.meta.url));

export function pgliteVersion(): string {
  // The package's exports map hides its package.json; it is a direct dependency, so it sits at the root.
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Where the prepared empty cluster lives (node_modules/.cache: made by npm ci, gone with node_modules). */
export function pgliteImagePath(version = pgliteVersion()): string {
  return join(root, 'node_modules', '.cache', 'arkki', `pglite-${version}-empty-cluster.tar.gz`);
}

/** The prepared image for a database about to be created, if there is one; undefined for an existing cluster. */
export function pgliteImageFor(dataDir: string | undefined): Blob | undefined {
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  const path = pgliteImagePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}
