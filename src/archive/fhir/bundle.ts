import type { Json } from './document-reference.ts';

// Bundles with absolute links and fullUrls (FHIR clients follow `next` as given and check it against the
// server they called); `root` is the absolute FHIR base of the request (fhirBaseOf).

export function searchBundle(
  root: string,
  resourceType: string,
  selfQuery: string,
  resources: Json[],
  nextQuery?: string,
  total?: number,
  previousQuery?: string,
): Json {
  const url = (query: string) => `${root}/${resourceType}${query ? `?${query}` : ''}`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: [
      { relation: 'self', url: url(selfQuery) },
      ...(previousQuery ? [{ relation: 'previous', url: url(previousQuery) }] : []),
      ...(nextQuery ? [{ relation: 'next', url: url(nextQuery) }] : []),
    ],
    // FHIR JSON has no empty arrays: an empty searchset has no entry element.
    ...(resources.length > 0
      ? { entry: resources.map((r) => ({ fullUrl: `${root}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })) }
      : {}),
  };
}

export function historyBundle(root: string, resources: Json[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: resources.length,
    entry: resources.map((r) => ({
      fullUrl: `${root}/${r.resourceType}/${r.id}`,
      resource: r,
      request: { method: 'POST', url: r.resourceType },
      response: { status: '201 Created' },
    })),
  };
}

/** A link's query: the search's parameters with the paging token replaced. */
export function pageQuery(query: Record<string, string | string[] | undefined>, token: string): string {
  return [queryString(query, ['_page_token']), `_page_token=${token}`].filter(Boolean).join('&');
}

/** Query string without the paging token, to build self and next links. */
export function queryString(query: Record<string, string | string[] | undefined>, drop: string[] = []): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || drop.includes(k)) continue;
    for (const one of ([] as string[]).concat(v)) p.append(k, one);
  }
  return p.toString();
}
