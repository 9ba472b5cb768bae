// Page tokens of searchset Bundles (next and previous links): the keyset position of a page edge, the
// direction, and a digest of the search's filters. A token replayed with other filters would page a
// different result from a position in this one (skipping or repeating entries without notice), so it
// is refused instead. Tokens are opaque to clients; they are not secrets (nothing in them is client data
// beyond what the page itself showed).
import { createHash } from 'node:crypto';
import { ArkkiError } from '../../lib/errors.ts';
import type { QueryMap } from './fhir-plugin.ts';

export type PageDirection = 'next' | 'previous';

export interface PagePosition {
  /** The keyset of the edge row, e.g. [completed, documentId] or [loggedAt, id]. */
  key: string[];
  direction: PageDirection;
}

/** Parameters that shape a page but not the result set: they may change between pages. */
const NOT_FILTERS = new Set(['_page_token', '_count', '_format', '_pretty', '_elements', '_total', '_summary']);

/** Digest of the parameters that decide which rows match and in which order (repeats and order of values kept, names sorted). */
export function filterDigest(query: QueryMap): string {
  const parts = Object.keys(query)
    .filter((k) => !NOT_FILTERS.has(k) && query[k] !== undefined)
    .sort()
    .map((k) => [k, ([] as string[]).concat(query[k]!)]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function issuePageToken(query: QueryMap, position: PagePosition): string {
  return Buffer.from(JSON.stringify({ k: position.key, d: position.direction === 'next' ? 'n' : 'p', f: filterDigest(query) })).toString(
    'base64url',
  );
}

const refused = (rule: string, message: string) => new ArkkiError('invalid', [{ field: '_page_token', rule, message }]);

/** The position a token names; refused when this server did not issue it or the filters differ from the search that did. */
export function readPageToken(raw: string, query: QueryMap): PagePosition {
  let v: { k?: unknown; d?: unknown; f?: unknown };
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as typeof v;
  } catch {
    throw refused('token', '_page_token is not one this server issued');
  }
  if (!v || !Array.isArray(v.k) || !v.k.every((x) => typeof x === 'string') || (v.d !== 'n' && v.d !== 'p') || typeof v.f !== 'string')
    throw refused('token', '_page_token is not one this server issued');
  if (v.f !== filterDigest(query))
    throw refused(
      'token-filters',
      '_page_token belongs to a search with other parameters; follow the links as given, or start the new search without _page_token',
    );
  return { key: v.k as string[], direction: v.d === 'n' ? 'next' : 'previous' };
}
