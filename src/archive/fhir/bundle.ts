import type { Json } from './document-reference.ts';

export function searchBundle(base: string, selfQuery: string, resources: Json[], next?: string, total?: number): Json {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: [
      { relation: 'self', url: `${base}${selfQuery ? `?${selfQuery}` : ''}` },
      ...(next ? [{ relation: 'next', url: next }] : []),
    ],
    entry: resources.map((r) => ({ fullUrl: `${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })),
  };
}

export function historyBundle(resources: Json[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: resources.length,
    entry: resources.map((r) => ({
      fullUrl: `${r.resourceType}/${r.id}`,
      resource: r,
      request: { method: 'POST', url: r.resourceType },
      response: { status: '201 Created' },
    })),
  };
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
