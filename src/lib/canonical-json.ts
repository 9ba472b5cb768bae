import { createHash } from 'node:crypto';

/** JSON with sorted keys, so the same submission always hashes the same whatever the sender's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function submissionHash(metadata: unknown, bodySha256: string): string {
  return createHash('sha256').update(canonicalJson(metadata)).update('\n').update(bodySha256).digest('hex');
}
