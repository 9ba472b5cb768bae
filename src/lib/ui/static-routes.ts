import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const CSS_FILE = fileURLToPath(new URL('./static/app.css', import.meta.url));
const FAVICON_FILE = fileURLToPath(new URL('./static/favicon.svg', import.meta.url));
const ENHANCE_FILE = fileURLToPath(new URL('./static/enhance.js', import.meta.url));
const HTMX_FILE = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');

/** The UIs' only static files: the stylesheet, htmx and the icon, read once at start-up. */
export async function staticRoutes(app: FastifyInstance): Promise<void> {
  const files = {
    '/ui/static/app.css': { body: await readFile(CSS_FILE), type: 'text/css; charset=utf-8' },
    '/ui/static/htmx.min.js': { body: await readFile(HTMX_FILE), type: 'text/javascript; charset=utf-8' },
    '/ui/static/enhance.js': { body: await readFile(ENHANCE_FILE), type: 'text/javascript; charset=utf-8' },
    '/ui/static/favicon.svg': { body: await readFile(FAVICON_FILE), type: 'image/svg+xml' },
    // Browsers ask for /favicon.ico whatever the page links; the SVG answers it too (no 404 in the log).
    '/favicon.ico': { body: await readFile(FAVICON_FILE), type: 'image/svg+xml' },
  };
  for (const [url, file] of Object.entries(files)) {
    app.get(url, async (_request, reply) =>
      reply.type(file.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(file.body),
    );
  }
}
