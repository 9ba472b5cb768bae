// Who uses the toolkit: the organisation's project manager (task table, waves, follow-up) and its archivist
// (the deployment test's check list). In demo mode they sign in from a picker; production sign-in is
// the organisation's own single sign-on in front of the toolkit (docs/toolkit.md).

export type ToolkitRole = 'project-manager' | 'archivist';

export interface ToolkitUser {
  userId: string;
  name: string;
  role: ToolkitRole;
}

export const DEMO_TOOLKIT_USERS: readonly ToolkitUser[] = [
  { userId: 'pm-demo', name: 'Paula Projektipäällikkö', role: 'project-manager' },
  { userId: 'archivist-demo', name: 'Arja Arkistonhoitaja', role: 'archivist' },
];
