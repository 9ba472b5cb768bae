// The toolkit's use cases over its own store and the archive's public API, wired once at start-up. Pages
// call these and nothing else; every rule is in domain/.
import { readFile } from 'node:fs/promises';
import { finnishDay, plusDays } from '../../lib/time/finnish-clock.ts';
import type { Db } from '../../lib/db/db.ts';
import { type ArchivingState, isArchiveApiError } from '../../lib/archive-api/index.ts';
import { criticalPath } from '../domain/critical-path.ts';
import { type FieldCheck, outcomeOf, type PreconditionResult } from '../domain/deployment-test.ts';
import { followUpWeeks, type WeekOfFollowUp } from '../domain/follow-up.ts';
import { readinessOf, type Readiness } from '../domain/readiness.ts';
import { applyEdit, type EditableField, type EditResult } from '../domain/task-edit.ts';
import { isLate, type ProjectTask, type TaskStatus } from '../domain/task.ts';
import { type TaskTemplate, tasksFromTemplate } from '../domain/template.ts';
import type { Wave } from '../domain/waves.ts';
import { createTest, decide, type DeploymentTestRecord, listTests, saveCheck, setDocuments } from '../store/deployment-test-store.ts';
import { ensureProject, getProject, type JoiningProject, listProjects, setWave } from '../store/project-store.ts';
import { listSnapshots, type ReadinessSnapshot, saveSnapshot } from '../store/snapshot-store.ts';
import { getTask, listTasks, upsertTasks } from '../store/task-store.ts';
import type { ArchiveGateway, RegisterEntry } from './archive-gateway.ts';
import { importTasks, type ImportResult, tasksToCsv, tasksToXlsx } from './task-table-files.ts';

export const TEMPLATE_FILE = new URL('../../../data/toolkit/deployment-tasks.json', import.meta.url);
export const WAVES_FILE = new URL('../../../data/toolkit/national-waves.json', import.meta.url);

export interface ToolkitDeps {
  db: Db;
  gateway: ArchiveGateway;
  now: () => Date;
  followUpTargetPercent: number;
}

export interface TaskFilter {
  section?: string;
  status?: TaskStatus;
  responsible?: string;
  late?: boolean;
}

export interface ProjectOverview {
  project: JoiningProject;
  tasks: ProjectTask[];
  readiness: Readiness;
  criticalPath: string[];
  snapshots: ReadinessSnapshot[];
  today: string;
}

export interface FollowUp {
  goLive: string | null;
  weeks: WeekOfFollowUp[];
  targetPercent: number;
  unitNames: Record<string, string>;
  typeNames: Record<string, string>;
}

export type ToolkitServices = ReturnType<typeof buildServices>;

export async function toolkitServices(deps: ToolkitDeps): Promise<ToolkitServices> {
  const template = JSON.parse(await readFile(TEMPLATE_FILE, 'utf8')) as TaskTemplate;
  const waves = (JSON.parse(await readFile(WAVES_FILE, 'utf8')) as { waves: Wave[] }).waves;
  return buildServices(deps, template, waves);
}

function buildServices(deps: ToolkitDeps, template: TaskTemplate, waves: Wave[]) {
  const { db, gateway } = deps;
  const today = () => finnishDay(deps.now());

  const snapshot = async (projectId: number) => {
    const r = readinessOf(await listTasks(db, projectId), today());
    await saveSnapshot(db, projectId, {
      day: today(),
      overall: r.overall,
      bySection: Object.fromEntries(r.sections.map((s) => [s.sectionNumber, s.readiness])),
    });
  };

  const project = async (id: number): Promise<JoiningProject> => {
    const p = await getProject(db, id);
    if (!p) throw new NotFound(`no joining project ${id}`);
    return p;
  };

  return {
    today,
    waves,
    template,
    gateway,
    organisations: (): Promise<RegisterEntry[]> => gateway.organisations(),
    projects: () => listProjects(db),
    project,
    /** The organisation's project (created from the register entry when new), with an empty task table. */
    async openProject(organisationOid: string): Promise<JoiningProject> {
      const org = await gateway.organisation(organisationOid);
      if (!org) throw new NotFound(`organisation ${organisationOid} is not in the organisation register`);
      return ensureProject(db, org.oid, org.name);
    },
    async setWave(projectId: number, wave: string) {
      await project(projectId);
      await setWave(db, projectId, waves.some((w) => w.id === wave) ? wave : null);
    },
    templateTasks: () => tasksFromTemplate(template),
    async loadTemplate(projectId: number) {
      await project(projectId);
      const existing = new Set((await listTasks(db, projectId)).map((t) => t.taskId));
      await upsertTasks(
        db,
        projectId,
        tasksFromTemplate(template).filter((t) => !existing.has(t.taskId)),
      );
      await snapshot(projectId);
    },
    async tasks(projectId: number, filter: TaskFilter = {}): Promise<ProjectTask[]> {
      const all = await listTasks(db, projectId);
      const t = today();
      return all.filter(
        (x) =>
          (!filter.section || x.sectionNumber === filter.section) &&
          (!filter.status || x.status === filter.status) &&
          (!filter.responsible || x.responsible.toLocaleLowerCase('fi').includes(filter.responsible.toLocaleLowerCase('fi'))) &&
          (!filter.late || isLate(x, t)),
      );
    },
    async editTask(projectId: number, taskId: string, field: EditableField, value: string): Promise<EditResult> {
      const tasks = await listTasks(db, projectId);
      const task = await getTask(db, projectId, taskId);
      if (!task) throw new NotFound(`no task ${taskId} in project ${projectId}`);
      const result = applyEdit(task, field, value, tasks);
      if (result.ok) {
        await upsertTasks(db, projectId, [result.task]);
        await snapshot(projectId);
      }
      return result;
    },
    exportCsv: async (projectId: number) => tasksToCsv(await listTasks(db, projectId)),
    exportXlsx: async (projectId: number) => tasksToXlsx(await listTasks(db, projectId)),
    async importFile(projectId: number, file: Buffer, kind: 'csv' | 'xlsx'): Promise<ImportResult> {
      await project(projectId);
      const result = await importTasks(file, kind, await listTasks(db, projectId));
      if (result.ok) {
        await db.transaction((tx) => upsertTasks(tx, projectId, result.tasks));
        await snapshot(projectId);
      }
      return result;
    },
    async overview(projectId: number): Promise<ProjectOverview> {
      const p = await project(projectId);
      const tasks = await listTasks(db, projectId);
      return {
        project: p,
        tasks,
        readiness: readinessOf(tasks, today()),
        criticalPath: criticalPath(tasks),
        snapshots: await listSnapshots(db, projectId),
        today: today(),
      };
    },

    // The deployment test (käyttöönottokoe).
    async preconditions(projectId: number, certifiedSystem: string): Promise<PreconditionResult[]> {
      const p = await project(projectId);
      const tasks = await listTasks(db, projectId);
      const units = await gateway.unitsOf(p.organisationOid);
      const inactive = units.filter((u) => !u.active);
      const certificates = tasks.filter((t) => t.sectionNumber === '9');
      const openCertificates = certificates.filter((t) => t.status !== 'Valmis');
      const connection = await gateway.connection();
      return [
        {
          key: 'certified-client-system',
          ok: certifiedSystem.trim().length > 0,
          detail: certifiedSystem.trim() || 'no certified client system named (Valvira register, class A, certificate of conformity)',
        },
        {
          key: 'organisation-register-units',
          ok: units.length > 0 && inactive.length === 0,
          detail:
            units.length === 0
              ? 'no service units under the organisation in the organisation register'
              : `${units.length} service units in the organisation register${inactive.length ? `; not valid: ${inactive.map((u) => u.name).join(', ')}` : ', all valid'}`,
        },
        {
          key: 'certificates-valid',
          ok: connection.ok && certificates.length > 0 && openCertificates.length === 0,
          detail:
            certificates.length === 0
              ? 'the task table has no certificate tasks (section 9)'
              : openCertificates.length
                ? `certificate tasks open: ${openCertificates.map((t) => t.taskId).join(', ')}`
                : 'certificate tasks (section 9) done; the archive accepted the identity',
        },
        { key: 'connection-tested', ok: connection.ok, detail: connection.detail },
      ];
    },
    tests: (projectId: number) => listTests(db, projectId),
    async test(projectId: number, testId: number): Promise<DeploymentTestRecord> {
      const t = (await listTests(db, projectId)).find((x) => x.id === testId);
      if (!t) throw new NotFound(`no deployment test ${testId} in project ${projectId}`);
      return t;
    },
    async startTest(projectId: number, input: { clientSystem: string; testClient: string; professional: string }): Promise<number> {
      const preconditions = await this.preconditions(projectId, input.clientSystem);
      return createTest(db, { projectId, testedOn: today(), ...input, preconditions });
    },
    /** What arrived in the archive from the organisation's systems since the test day began. */
    async refreshArrived(projectId: number, testId: number): Promise<DeploymentTestRecord> {
      const p = await project(projectId);
      const t = await this.test(projectId, testId);
      const docs = await gateway.archived(p.organisationOid, t.testedOn, plusDays(today(), 1));
      await setDocuments(
        db,
        testId,
        docs.map((d) => ({ documentId: d.documentId, documentType: d.documentTypeName, values: d.values })),
      );
      return this.test(projectId, testId);
    },
    async saveChecks(projectId: number, testId: number, checks: FieldCheck[]) {
      const t = await this.test(projectId, testId);
      if (t.outcome) throw new Conflict('the test is already decided; its check list is part of the report');
      await db.transaction(async (tx) => {
        for (const c of checks) await saveCheck(tx, testId, c);
      });
    },
    /**
     * The archivist's decision: passed only by the rule of outcomeOf. A pass opens archiving for the
     * organisation in the archive; if that call fails the decision stands and the page offers it again.
     */
    async decideTest(
      projectId: number,
      testId: number,
      archivist: string,
    ): Promise<{ test: DeploymentTestRecord; archiving?: ArchivingOpening }> {
      const t = await this.test(projectId, testId);
      if (t.outcome) return { test: t };
      const outcome = outcomeOf(
        t.preconditions,
        t.documents.map((d) => d.documentId),
        t.checks,
      );
      await decide(db, testId, outcome, archivist);
      const test = await this.test(projectId, testId);
      return outcome === 'passed' ? { test, archiving: await this.openArchiving(projectId, testId) } : { test };
    },
    /** Opens archiving for the project's organisation after its passed test (the retry button calls this too). */
    async openArchiving(projectId: number, testId: number): Promise<ArchivingOpening> {
      const p = await project(projectId);
      const t = await this.test(projectId, testId);
      if (t.outcome !== 'passed') throw new Conflict('archiving opens only after a passed deployment test');
      const reason = `Käyttöönottokoe ${t.testedOn} onnistunut (arkki-käyttöönoton työkalu, koe ${t.id}, arkistonhoitaja ${t.archivist ?? ''})`;
      try {
        return { ok: true, state: await gateway.openArchiving(p.organisationOid, reason.slice(0, 500)) };
      } catch (err) {
        return { ok: false, error: failureOf(err) };
      }
    },
    /** The organisation's archiving state as the archive has it now. */
    async archivingState(projectId: number): Promise<ArchivingOpening> {
      const p = await project(projectId);
      try {
        return { ok: true, state: await gateway.archivingState(p.organisationOid) };
      } catch (err) {
        return { ok: false, error: failureOf(err) };
      }
    },

    // Post-launch follow-up.
    async followUp(projectId: number, weeks: number): Promise<FollowUp> {
      const p = await project(projectId);
      const passed = (await listTests(db, projectId))
        .filter((t) => t.outcome === 'passed')
        .sort((a, b) => (a.testedOn < b.testedOn ? -1 : 1))[0];
      const goLive = passed?.testedOn ?? null;
      if (!goLive) return { goLive, weeks: [], targetPercent: deps.followUpTargetPercent, unitNames: {}, typeNames: {} };
      const end = plusDays(goLive, 7 * weeks + 7);
      const [archived, refused, units] = await Promise.all([
        gateway.archived(p.organisationOid, plusDays(goLive, -7), end),
        gateway.refused(p.organisationOid, plusDays(goLive, -7), end),
        gateway.unitsOf(p.organisationOid),
      ]);
      const typeNames: Record<string, string> = {};
      for (const a of archived) typeNames[a.documentType] = a.documentTypeName;
      return {
        goLive,
        targetPercent: deps.followUpTargetPercent,
        weeks: followUpWeeks(
          goLive,
          weeks,
          archived.map((a) => ({ day: finnishDay(a.archivedAt), documentType: a.documentType, serviceUnit: a.serviceUnit })),
          refused.map((r) => ({
            day: finnishDay(r.at),
            reason: r.reason,
            field: r.field,
            ...(r.documentType ? { documentType: r.documentType } : {}),
            ...(r.serviceUnit ? { serviceUnit: r.serviceUnit } : {}),
            system: r.system,
            documentIds: r.documentIds,
          })),
          deps.followUpTargetPercent,
        ),
        unitNames: Object.fromEntries(units.map((u) => [u.oid, u.name])),
        typeNames,
      };
    },
  };
}

/** The archive's answer to opening archiving (or reading its state), or why it failed. */
export type ArchivingOpening = { ok: true; state: ArchivingState } | { ok: false; error: ArchivingFailure };

export interface ArchivingFailure {
  /** ArchiveApiError kind (unavailable, forbidden, …) or `error`. */
  kind: string;
  /** The archive's rule when it refused, e.g. `archiving-state`. */
  rule?: string;
  retryable: boolean;
}

function failureOf(err: unknown): ArchivingFailure {
  if (isArchiveApiError(err)) {
    const rule = err.issues.find((i) => i.rule)?.rule;
    return { kind: err.kind, ...(rule ? { rule } : {}), retryable: err.kind !== 'forbidden' };
  }
  return { kind: 'error', retryable: true };
}

export class NotFound extends Error {}
export class Conflict extends Error {}
