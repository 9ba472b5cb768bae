import type { Queryable } from '../../lib/db/db.ts';
import type { Identity } from '../../lib/identity/identity.ts';
import type { AccessContext } from '../domain/access-context.ts';
import type { Decision } from '../domain/access-policy.ts';
import { finnishDay } from '../../lib/time/finnish-clock.ts';
import { accessFacts } from '../store/access-facts-store.ts';
import { appendDisclosures } from '../store/disclosure-store.ts';

// What every use case does around the access policy: gather the facts about the client, and when the
// decision was a disclosure to another register keeper, write the disclosure log in the same transaction.

export function factsFor(q: Queryable, identity: Identity, registerKeeperOid: string, clientKey: string, at: Date): Promise<AccessContext> {
  const now = at.toISOString();
  return accessFacts(q, { registerKeeperOid, clientKey, userId: identity.userId, today: finnishDay(now), now });
}

/** A read another register keeper was allowed under a consent or disclosure decision goes to the luovutusloki. */
export async function logDisclosure(
  tx: Queryable,
  identity: Identity,
  decision: Decision,
  p: { registerKeeperOid: string; clientKey: string; action: string; documentIds: string[]; at: Date },
): Promise<void> {
  if (!decision.allow || !decision.disclosureBasis) return;
  await appendDisclosures(tx, [
    {
      registerKeeperOid: p.registerKeeperOid,
      clientKey: p.clientKey,
      at: p.at.toISOString(),
      recipientOrganisationOid: identity.organisationOid,
      recipientRegisterKeeperOid: identity.registerKeeperOid,
      userId: identity.userId,
      userName: identity.name,
      professionalId: identity.professionalId ?? null,
      systemId: identity.systemId,
      action: p.action,
      documentIds: p.documentIds,
      basisKind: decision.disclosureBasis.kind,
      basisId: decision.disclosureBasis.id,
    },
  ]);
}
