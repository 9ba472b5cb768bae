// The five phases of the social-welfare service process (domain README §5.3, code set process-phases),
// in the order a matter goes through them.
export const PROCESS_PHASES = ['vireilletulo', 'arviointi', 'suunnittelu', 'jarjestaminen', 'toteutus'] as const;
export type ProcessPhase = (typeof PROCESS_PHASES)[number];

export function isProcessPhase(value: string): value is ProcessPhase {
  return (PROCESS_PHASES as readonly string[]).includes(value);
}
