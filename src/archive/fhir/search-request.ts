// What every FHIR search here shares: parameters from the URL or from a POST …/_search form body, the
// result parameters (_count, _sort, _total, _summary=count, _elements) and their checks.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import type { Json } from './document-reference.ts';
import { single, type QueryMap } from './fhir-plugin.ts';

export const RESULT_PARAMS = ['_count', '_sort', '_total', '_summary', '_elements', '_page_token'] as const;

/**
 * POST <type>/_search with application/x-www-form-urlencoded (FHIR R4 3.1.0.1): the parameters stay out
 * of URLs, proxy logs and browser history, which matters when they are henkilötunnukset. Scoped to the
 * route plugin that calls it (the FHIR scope parses nothing but FHIR JSON otherwise).
 */
export function acceptFormSearch(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const out: QueryMap = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const had = out[k];
      out[k] = had === undefined ? v : ([] as string[]).concat(had, v);
    }
    done(null, out);
  });
}

/** The search parameters of a GET search or a POST _search (URL and body together, as FHIR allows). */
export function searchQuery(request: FastifyRequest): QueryMap {
  const query = { ...(request.query as QueryMap) };
  if (request.method === 'POST') {
    const body = request.body;
    if (body !== undefined && (typeof body !== 'object' || body === null || 'resourceType' in (body as Json)))
      throw new ArkkiError('unsupported-media-type', [
        { field: 'content-type', rule: 'media-type', message: 'POST _search takes application/x-www-form-urlencoded parameters' },
      ]);
    for (const [k, v] of Object.entries((body ?? {}) as QueryMap)) {
      if (v === undefined) continue;
      const had = query[k];
      query[k] = had === undefined ? v : ([] as string[]).concat(had, v);
    }
  }
  return query;
}

const bad = (field: string, rule: string, message: string) => new ArkkiError('invalid', [{ field, rule, message }]);

export interface ResultParams {
  count: number;
  /** True when the search is sorted ascending on its one sort key. */
  ascending: boolean;
  /** _total=accurate or _summary=count: the total is asked for. */
  wantsTotal: boolean;
  /** _total=none: no total even where it would be cheap. */
  noTotal: boolean;
  summaryCount: boolean;
  elements?: string[];
}

/**
 * Result parameters: `sortKey` is the one order the keyset paging of this search supports (descending by
 * default, `_sort=<key>` ascending); other sorts are refused rather than ignored.
 */
export function resultParams(query: QueryMap, opts: { sortKey: string; defaultCount: number; maxCount: number }): ResultParams {
  const rawCount = single(query, '_count');
  let count = opts.defaultCount;
  if (rawCount !== undefined) {
    if (!/^\d+$/.test(rawCount) || Number(rawCount) < 1 || Number(rawCount) > opts.maxCount)
      throw bad('_count', 'range', `_count must be 1–${opts.maxCount}`);
    count = Number(rawCount);
  }
  const sort = single(query, '_sort');
  if (sort !== undefined && sort !== opts.sortKey && sort !== `-${opts.sortKey}`)
    throw bad(
      '_sort',
      'sort',
      `_sort '${sort}' is not supported here; use -${opts.sortKey} (newest first, the default) or ${opts.sortKey}`,
    );
  const total = single(query, '_total');
  if (total !== undefined && !['none', 'estimate', 'accurate'].includes(total))
    throw bad('_total', 'code', `_total must be none, estimate or accurate, got '${total}'`);
  const summary = single(query, '_summary');
  if (summary !== undefined && summary !== 'count' && summary !== 'false')
    throw bad('_summary', 'code', `_summary '${summary}' is not supported; use _summary=count (only the total) or _elements`);
  const rawElements = single(query, '_elements');
  const elements = rawElements
    ?.split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of elements ?? [])
    if (!/^[a-z][A-Za-z0-9]*(\[x\])?$/.test(e))
      throw bad('_elements', 'element', `_elements names top-level elements, e.g. id,status; got '${e}'`);
  return {
    count,
    ascending: sort === opts.sortKey,
    wantsTotal: total === 'accurate' || total === 'estimate' || summary === 'count',
    noTotal: total === 'none',
    summaryCount: summary === 'count',
    ...(elements?.length ? { elements } : {}),
  };
}

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' };

/**
 * _elements: only the asked elements plus the ones R4 makes mandatory for the type (so the subset still
 * validates), marked SUBSETTED in meta.tag as the specification asks.
 */
export function withElements(resource: Json, elements: string[] | undefined, mandatory: readonly string[]): Json {
  if (!elements) return resource;
  const keep = new Set(['resourceType', 'id', 'meta', ...mandatory, ...elements]);
  const out: Json = {};
  for (const [k, v] of Object.entries(resource)) if (keep.has(k)) out[k] = v;
  const meta = (out.meta as Json | undefined) ?? {};
  out.meta = { ...meta, tag: [...((meta.tag as Json[] | undefined) ?? []), SUBSETTED] };
  return out;
}
