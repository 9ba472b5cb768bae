-- The deployment toolkit's own database: joining projects, their task tables, readiness snapshots and
-- deployment tests. No client data lives here: documents are referred to by their archive ids only.

CREATE TABLE joining_project (
  id                 serial PRIMARY KEY,
  -- One project per organisation (the organisation register's OID of the register keeper).
  organisation_oid   text NOT NULL UNIQUE,
  organisation_name  text NOT NULL,
  -- The national wave the project joins in (domain/waves.ts), or NULL.
  wave               text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_task (
  project_id       integer NOT NULL REFERENCES joining_project (id) ON DELETE CASCADE,
  task_id          text NOT NULL,              -- the template's number: 1.4 or 1.4.1 (a sub-task)
  position         integer NOT NULL,           -- order in the table
  section_number   text NOT NULL,
  section_title    text NOT NULL,
  parent_id        text,
  title            text NOT NULL,
  work_package     text,
  description      text NOT NULL DEFAULT '',
  depends_on       jsonb NOT NULL DEFAULT '[]', -- task ids or section numbers
  dependency_text  text,
  start_day        date,
  end_day          date,
  responsible      text NOT NULL DEFAULT '',
  participants     text NOT NULL DEFAULT '',
  work_days        numeric(8, 1) NOT NULL DEFAULT 1 CHECK (work_days >= 0),
  readiness        integer NOT NULL DEFAULT 0 CHECK (readiness BETWEEN 0 AND 100),
  status           text NOT NULL DEFAULT 'Aloittamatta' CHECK (status IN ('Aloittamatta', 'Toteutuksessa', 'Valmis')),
  notes            text NOT NULL DEFAULT '',
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, task_id),
  CHECK (end_day IS NULL OR start_day IS NULL OR end_day >= start_day)
);

-- Readiness over time: one row per project and day (the latest computation of the day wins).
CREATE TABLE readiness_snapshot (
  project_id  integer NOT NULL REFERENCES joining_project (id) ON DELETE CASCADE,
  day         date NOT NULL,
  overall     numeric(5, 1) NOT NULL,
  by_section  jsonb NOT NULL,
  PRIMARY KEY (project_id, day)
);

-- The deployment test (käyttöönottokoe): what was checked before, what arrived, the archivist's check list.
CREATE TABLE deployment_test (
  id              serial PRIMARY KEY,
  project_id      integer NOT NULL REFERENCES joining_project (id) ON DELETE CASCADE,
  tested_on       date NOT NULL,
  client_system   text NOT NULL,               -- name and version of the certified client system
  test_client     text NOT NULL,               -- the vendor's test client (a label, never a real person)
  professional    text NOT NULL DEFAULT '',
  preconditions   jsonb NOT NULL DEFAULT '[]',  -- [{ key, ok, detail }] as checked when the test was started
  documents       jsonb NOT NULL DEFAULT '[]',  -- archive document ids and types that arrived
  outcome         text CHECK (outcome IN ('passed', 'failed')),
  archivist       text,
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deployment_check (
  test_id     integer NOT NULL REFERENCES deployment_test (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  field       text NOT NULL,
  result      text NOT NULL CHECK (result IN ('pass', 'fail')),
  remark      text NOT NULL DEFAULT '',
  PRIMARY KEY (test_id, document_id, field)
);
