// The client system's use cases in one object, as an adapter (UI, CLI) receives them.
import type { ClientSystemDeps } from './deps.ts';
import { documentUseCases } from './documents.ts';
import { recordsUseCases } from './records.ts';

export type ClientSystemService = ReturnType<typeof recordsUseCases> & ReturnType<typeof documentUseCases>;

export function clientSystemService(deps: ClientSystemDeps): ClientSystemService {
  return { ...recordsUseCases(deps), ...documentUseCases(deps) };
}
