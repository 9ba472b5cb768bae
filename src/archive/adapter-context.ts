import type { CodeSets } from '../lib/codes/code-sets.ts';
import type { Authenticator, Identity } from '../lib/identity/identity.ts';
import type { CertificateTrust } from '../lib/pki/trust.ts';
import type { RetentionRules } from '../lib/metadata/retention.ts';
import { depsOf, type ArchiveContext } from './context.ts';
import {
  demoServices,
  publicRegisters,
  sessionService,
  type DemoServices,
  type PublicRegisters,
  type SessionService,
} from './service/public-services.ts';
import { useCasesFor, type ArchiveUseCases } from './service/use-cases.ts';

/**
 * What the archive's adapters (FHIR routes, UI pages) receive: no database handle, no unscoped store —
 * client data only through use cases bound to the caller (`forIdentity`), and the explicit identity-free
 * services beside them. The guard test (test/architecture.test.ts) keeps adapters from importing more.
 */
export interface ArchiveAdapterContext {
  readonly config: ArchiveContext['config'];
  readonly codeSets: CodeSets;
  readonly retention: RetentionRules;
  readonly demoUsers?: Identity[];
  readonly signatureTrust?: () => CertificateTrust;
  authenticate: Authenticator;
  now(): Date;
  forIdentity(identity: Identity): ArchiveUseCases;
  readonly registers: PublicRegisters;
  readonly sessions: SessionService;
  /** Demo mode only. */
  readonly demo?: DemoServices;
}

/** The adapters' view of a running archive; reads the context at each use (tests move its clock). */
export function adapterContextOf(ctx: ArchiveContext): ArchiveAdapterContext {
  const deps = () => depsOf(ctx);
  return {
    get config() {
      return ctx.config;
    },
    get codeSets() {
      return ctx.codeSets;
    },
    get retention() {
      return ctx.retention;
    },
    get demoUsers() {
      return ctx.demoUsers;
    },
    get signatureTrust() {
      return ctx.signatureTrust;
    },
    authenticate: (request) => ctx.authenticate(request),
    now: () => ctx.now(),
    forIdentity: (identity) => useCasesFor(deps, identity),
    registers: publicRegisters(deps),
    sessions: sessionService(deps),
    demo: ctx.config.mode === 'demo' ? demoServices(deps) : undefined,
  };
}
