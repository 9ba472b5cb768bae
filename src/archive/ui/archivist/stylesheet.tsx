import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// The archivist and citizen pages' own stylesheet, beside the shell's app.css (CSP allows only 'self').
export const RECORDS_CSS_URL = '/ui/static/records.css';
const FILE = fileURLToPath(new URL('./records.css', import.meta.url));

/** Both the archivist and the citizen module call this; the first one registers the route. */
export async function recordsStylesheet(app: FastifyInstance): Promise<void> {
  if (app.hasRoute({ method: 'GET', url: RECORDS_CSS_URL })) return;
  const body = await readFile(FILE);
  app.get(RECORDS_CSS_URL, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(body),
  );
}

/** Pages of these modules start with this link; browsers apply a stylesheet linked in the body. */
export function RecordsStyle() {
  return <link rel="stylesheet" href={RECORDS_CSS_URL} />;
}
