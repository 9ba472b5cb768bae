// Production login to the web UIs with a professional card (SOTE card): the browser presents the card's
// certificate in the TLS handshake; this checks it exactly as the API checks system certificates (chain
// to our root, validity, CRL) but accepts only professional certificates, and gives the professional the
// role his or her organisation assigned (roles file → role tables), read afresh at every login.
import type { Authenticator } from '../../lib/identity/identity.ts';
import type { CertificateTrust } from '../../lib/pki/trust.ts';
import type { PublicRegisters } from '../service/public-services.ts';
import { registerKeeperOf } from '../domain/organisation.ts';
import { certificateAuthenticator } from './certificate-authenticator.ts';

/** The archive's own UIs, as recorded in the usage log's system field for card logins. */
export const UI_SYSTEM_ID = 'arkki-archive-ui';

/** The card check for /login/card; undefined when the context has no trust material (demo without a PKI). */
export function cardLoginAuthenticator(
  ctx: { registers: PublicRegisters; now: () => Date },
  trust: (() => CertificateTrust) | undefined,
): Authenticator | undefined {
  if (!trust) return undefined;
  return async (request) => {
    // Looked up per login, so a role removed from the roles file stops the next login without a restart.
    const organisations = new Map((await ctx.registers.organisations()).map((o) => [o.oid, o]));
    const professionalRole = await ctx.registers.professionalRoles();
    const check = certificateAuthenticator({
      trust,
      now: ctx.now,
      accept: ['professional'],
      uiSystemId: UI_SYSTEM_ID,
      professionalRole,
      registerKeeperOf: (oid) => registerKeeperOf(oid, (o) => organisations.get(o))?.oid,
    });
    const identity = await check(request);
    // certificateIdentity keeps the role kind and service tasks; the organisation's own role (THL 1/2017)
    // comes from the same assignment, so a card login equals the demo identity.
    const assigned = professionalRole({ professionalId: identity.professionalId!, organisationOid: identity.organisationOid });
    return assigned ? { ...identity, roleCode: assigned.roleCode } : identity;
  };
}
