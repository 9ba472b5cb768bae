// Identifiers the client system gives its documents, sets, cases and clienthoods: OIDs under the
// organisation's own arc, unique without a central counter (time in ms + random), as the archive requires
// a document id never to be reused.
import { randomInt } from 'node:crypto';
import type { OidKind } from './deps.ts';

const ARC: Record<OidKind, number> = { document: 1, set: 2, case: 3, clienthood: 4 };

export function oidMinter(root: string): (kind: OidKind) => string {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(root)) throw new TypeError(`oid root '${root}' is not an OID`);
  let last = 0;
  let seq = 0;
  return (kind) => {
    const t = Date.now();
    seq = t === last ? seq + 1 : 0;
    last = t;
    return `${root}.${ARC[kind]}.${t}${String(seq).padStart(4, '0')}${randomInt(100_000, 1_000_000)}`;
  };
}
