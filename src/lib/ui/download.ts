import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

// A download (document body, log export) is a UI route like any page — same session, role, CSRF and
// re-authentication checks in ui.route — whose result is a file instead of a page in the layout.

export interface Download {
  contentType: string;
  data: Buffer | string | Readable;
  fileName: string;
  inline?: boolean;
}

const asciiName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  return reply
    .code(200)
    .type(file.contentType)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
    .header('content-disposition', `${file.inline ? 'inline' : 'attachment'}; filename="${asciiName(file.fileName)}"`)
    .send(file.data);
}
