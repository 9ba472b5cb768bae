// The recording proxy: the vendor points its client system at this instead of the (test) archive. Every
// request is forwarded unchanged to the archive and its answer returned unchanged; both are kept as an
// Exchange for the checks. It adds nothing and refuses nothing, so what the report says is what the
// archive would have said to the system directly.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { DEMO_USER_HEADER } from '../../lib/archive-api/index.ts';
import type { Exchange } from './recording.ts';

/** Headers that belong to one connection, not to the message (RFC 9110 §7.6.1), and the length we recompute. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);
/** The FHIR base both the harness and the archive serve (the path a client system's archive URL ends in). */
export const FHIR_BASE_PATH = '/fhir/R4/';
/** Biggest request the harness holds for the checks: the archive's own batch limit is far below. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface Recorder {
  /** The harness's FHIR base, e.g. `http://127.0.0.1:4321/fhir/R4`: the archive URL to give the client system. */
  fhirBase: string;
  exchanges(): readonly Exchange[];
  /** Forgets what was recorded (a new run against the same proxy). */
  reset(): void;
  close(): Promise<void>;
}

export interface RecorderOptions {
  /** The archive's origin or FHIR base (`http://127.0.0.1:8080` or `…/fhir/R4`). */
  upstream: string;
  host?: string;
  port?: number;
  now?: () => Date;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large for the conformance harness'));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = new URL(options.upstream);
  const origin = upstream.origin;
  const now = options.now ?? (() => new Date());
  const agent = new Agent({ connect: { timeout: 10_000 } });
  let recorded: Exchange[] = [];
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = now().toISOString();
    const id = `r${++counter}`;
    const url = new URL(req.url ?? '/', 'http://harness');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const body = await readBody(req);
    const exchange: Exchange = {
      id,
      at,
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(FHIR_BASE_PATH) ? decodeURI(url.pathname.slice(FHIR_BASE_PATH.length)) : url.pathname,
      query: [...url.searchParams.entries()],
      ...(headers[DEMO_USER_HEADER] ? { demoUser: headers[DEMO_USER_HEADER] } : {}),
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      requestBody: body,
      status: 502,
      answerBody: Buffer.alloc(0),
    };
    try {
      const answer = await request(`${origin}${url.pathname}${url.search}`, {
        method: exchange.method as 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
        dispatcher: agent,
      });
      const answerBody = Buffer.from(await answer.body.arrayBuffer());
      exchange.status = answer.statusCode;
      exchange.answerBody = answerBody;
      const type = first(answer.headers['content-type']);
      if (type) exchange.answerContentType = type;
      for (const [name, value] of Object.entries(answer.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) res.setHeader(name, value);
      }
      res.writeHead(answer.statusCode);
      res.end(answerBody);
    } catch (err) {
      // The archive is down or the connection broke: the system sees what it would see then, a gateway error.
      exchange.transportError = (err as { code?: string }).code ?? (err as Error).name;
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('the conformance harness could not reach the archive');
    }
    recorded.push(exchange);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(err.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    fhirBase: `http://${host}:${address.port}${FHIR_BASE_PATH.slice(0, -1)}`,
    exchanges: () => recorded,
    reset: () => {
      recorded = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}
