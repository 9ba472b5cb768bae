// Deployment tests of a project and the archivist's check list per archived document and field.
import type { Queryable } from '../../lib/db/db.ts';
import type { CheckedField, FieldCheck, Outcome, PreconditionResult } from '../domain/deployment-test.ts';

/** A document that arrived in the archive during the test, with the metadata values the archivist checks. */
export interface ArrivedDocument {
  documentId: string;
  documentType: string;
  values: Partial<Record<CheckedField, string>>;
}

export interface DeploymentTestRecord {
  id: number;
  projectId: number;
  testedOn: string;
  clientSystem: string;
  testClient: string;
  professional: string;
  preconditions: PreconditionResult[];
  documents: ArrivedDocument[];
  outcome: Outcome | null;
  archivist: string | null;
  decidedAt: string | null;
  checks: FieldCheck[];
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function createTest(
  db: Queryable,
  t: Pick<DeploymentTestRecord, 'projectId' | 'testedOn' | 'clientSystem' | 'testClient' | 'professional' | 'preconditions'>,
): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO deployment_test (project_id, tested_on, client_system, test_client, professional, preconditions)
     VALUES ($1, $2::date, $3, $4, $5, $6::jsonb) RETURNING id`,
    [t.projectId, t.testedOn, t.clientSystem, t.testClient, t.professional, JSON.stringify(t.preconditions)],
  );
  return r.rows[0]!.id;
}

export async function setDocuments(db: Queryable, id: number, documents: readonly ArrivedDocument[]): Promise<void> {
  await db.query('UPDATE deployment_test SET documents = $2::jsonb WHERE id = $1 AND outcome IS NULL', [id, JSON.stringify(documents)]);
}

export async function saveCheck(db: Queryable, id: number, c: FieldCheck): Promise<void> {
  await db.query(
    `INSERT INTO deployment_check (test_id, document_id, field, result, remark) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (test_id, document_id, field) DO UPDATE SET result = EXCLUDED.result, remark = EXCLUDED.remark`,
    [id, c.documentId, c.field, c.result, c.remark],
  );
}

export async function decide(db: Queryable, id: number, outcome: Outcome, archivist: string): Promise<void> {
  await db.query('UPDATE deployment_test SET outcome = $2, archivist = $3, decided_at = now() WHERE id = $1', [id, outcome, archivist]);
}

interface Row {
  id: number;
  project_id: number;
  tested_on: string;
  client_system: string;
  test_client: string;
  professional: string;
  preconditions: unknown;
  documents: unknown;
  outcome: Outcome | null;
  archivist: string | null;
  decided_at: string | null;
}

export async function listTests(db: Queryable, projectId: number): Promise<DeploymentTestRecord[]> {
  const r = await db.query<Row>(
    `SELECT id, project_id, to_char(tested_on, 'YYYY-MM-DD') AS tested_on, client_system, test_client, professional, preconditions,
       documents, outcome, archivist, to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS decided_at
     FROM deployment_test WHERE project_id = $1 ORDER BY id DESC`,
    [projectId],
  );
  const out: DeploymentTestRecord[] = [];
  for (const x of r.rows) {
    const checks = await db.query<{ document_id: string; field: CheckedField; result: 'pass' | 'fail'; remark: string }>(
      'SELECT document_id, field, result, remark FROM deployment_check WHERE test_id = $1',
      [x.id],
    );
    out.push({
      id: x.id,
      projectId: x.project_id,
      testedOn: x.tested_on,
      clientSystem: x.client_system,
      testClient: x.test_client,
      professional: x.professional,
      preconditions: json<PreconditionResult[]>(x.preconditions),
      documents: json<ArrivedDocument[]>(x.documents),
      outcome: x.outcome,
      archivist: x.archivist,
      decidedAt: x.decided_at,
      checks: checks.rows.map((c) => ({ documentId: c.document_id, field: c.field, result: c.result, remark: c.remark })),
    });
  }
  return out;
}
