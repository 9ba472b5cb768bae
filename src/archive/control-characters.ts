import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Issue } from '../lib/errors.ts';
import { FHIR_JSON } from './fhir/fhir-plugin.ts';
import { outcomeFromIssues } from './fhir/operation-outcome.ts';

// Control characters (C0, DEL, C1) have no place in an identifier or a search value. Refused at the edge,
// before authentication, routing to a handler or any SQL: a NUL byte used to reach PostgreSQL and come
// back as a 500 (and the SQL with its parameters in the server log). Form bodies are not checked here:
// free-text fields (comments, reasons) may hold line breaks, and are checked where they are read.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A name as it can be shown and logged: control characters spelled out as \uXXXX. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One issue per query parameter or path segment (name and value) that holds a control character. */
export function controlCharacterIssues(query: unknown, params: unknown): Issue[] {
  const issues: Issue[] = [];
  const check = (where: 'query' | 'path', name: string, value: unknown) => {
    const values = Array.isArray(value) ? value : [value];
    if (CONTROL.test(name) || values.some((v) => typeof v === 'string' && CONTROL.test(v))) {
      const shown = visible(name);
      issues.push({
        field: shown,
        rule: 'control-character',
        message:
          where === 'query'
            ? `parameter '${shown}' contains a control character (such as NUL, %00); control characters are not allowed`
            : `'${shown}' in the path contains a control character (such as NUL, %00); control characters are not allowed`,
      });
    }
  };
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) check('query', k, v);
  for (const [k, v] of Object.entries((params ?? {}) as Record<string, unknown>)) check('path', k === '*' ? 'path' : k, v);
  return issues;
}

function refuse(request: FastifyRequest, reply: FastifyReply, issues: Issue[]): FastifyReply {
  if (request.url.startsWith('/fhir/'))
    return reply
      .code(400)
      .header('content-type', FHIR_JSON)
      .send(JSON.stringify(outcomeFromIssues('invalid', issues)));
  return reply
    .code(400)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(issues.map((i) => i.message).join('\n'));
}

/** Installs the check on every route of the app (an onRequest hook at the root is inherited by all scopes). */
export function refuseControlCharacters(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const issues = controlCharacterIssues(request.query, request.params);
    if (issues.length > 0) return refuse(request, reply, issues);
  });
}
