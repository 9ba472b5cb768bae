import type { RoleKind } from './identity.ts';

/** A professional's role in an organisation (THL regulation 1/2017: roles are defined per organisation). */
export interface RoleAssignment {
  role: Exclude<RoleKind, 'system' | 'citizen'>;
  serviceTasks: string[];
  registerKeeperOid: string;
  /** Stable user id for logs; defaults to `professional:<professional id>`. */
  userId?: string;
}
