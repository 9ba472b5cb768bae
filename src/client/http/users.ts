// Who works in the client system: the organisation's professionals and a team lead. In demo mode they come
// from the demo data's user list (the professionals the archive also knows, with their service tasks) plus
// the client system's own team lead, who sees the work lists of the whole team. Read once at start-up.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export type WorkbenchRole = 'professional' | 'team-lead';

export interface WorkbenchUser {
  userId: string;
  name: string;
  professionalId: string;
  /** Sosiaalihuollon ammattihenkilön nimike as it goes into a document's author. */
  title: string;
  role: WorkbenchRole;
  serviceTasks: string[];
  /** The archive's demo user of the same person (read-back of archive copies in demo mode). */
  archiveUserId?: string;
}

export const DEMO_USERS_FILE = fileURLToPath(new URL('../../../data/demo/users.json', import.meta.url));

interface DemoUserRow {
  userId: string;
  name: string;
  professionalId?: string;
  role: string;
  organisationOid: string;
  serviceTasks: string[];
}

/** The organisation's social workers of the demo data, and the team's lead (the client system's own user). */
export async function loadDemoWorkbenchUsers(organisationOid: string, file = DEMO_USERS_FILE): Promise<WorkbenchUser[]> {
  const rows = (JSON.parse(await readFile(file, 'utf8')) as { users: DemoUserRow[] }).users;
  const workers = rows
    .filter((u) => u.organisationOid === organisationOid && u.role === 'social-worker' && u.professionalId)
    .map(
      (u): WorkbenchUser => ({
        userId: u.userId,
        name: u.name,
        professionalId: u.professionalId!,
        title: 'sosiaalityöntekijä',
        role: 'professional',
        serviceTasks: u.serviceTasks,
        archiveUserId: u.userId,
      }),
    );
  const tasks = [...new Set(workers.flatMap((w) => w.serviceTasks))];
  // The lead reads the archive as the team's first worker would: the archive knows no team leads.
  const lead: WorkbenchUser = {
    userId: 'lead-team',
    name: 'Tiina Tiiminvetäjä',
    professionalId: 'DEMO-1100',
    title: 'johtava sosiaalityöntekijä',
    role: 'team-lead',
    serviceTasks: tasks,
    ...(workers[0] ? { archiveUserId: workers[0].archiveUserId! } : {}),
  };
  return [...workers, lead];
}
