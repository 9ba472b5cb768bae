-- The reference client system's own database (never the archive's). Every client-data table leads with
-- (register_keeper_oid, client_key) like the archive, so it can be hash-partitioned on them.

CREATE TABLE client (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  client_id jsonb NOT NULL,
  family_name text NOT NULL,
  given_names text NOT NULL,
  address text,
  municipality text,
  turvakielto boolean NOT NULL DEFAULT false,
  recorded_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key)
);

CREATE TABLE clienthood (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  clienthood_id text NOT NULL,
  level text NOT NULL CHECK (level IN ('social-welfare', 'service-task', 'service-unit')),
  service_task text NOT NULL,
  service_unit text NOT NULL,
  start_date text NOT NULL,
  end_date text,
  set_id text NOT NULL,
  document_id text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, clienthood_id),
  FOREIGN KEY (register_keeper_oid, client_key) REFERENCES client
);

CREATE TABLE client_case (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  case_id text NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  service_task text NOT NULL,
  service_unit text NOT NULL,
  opened text NOT NULL,
  closed text,
  set_id text NOT NULL,
  document_id text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, case_id),
  FOREIGN KEY (register_keeper_oid, client_key) REFERENCES client
);

CREATE TABLE client_document (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  document_id text NOT NULL,
  set_id text NOT NULL,
  version integer NOT NULL,
  replaces text,
  case_id text NOT NULL,
  process_phase text NOT NULL,
  document_type text NOT NULL,
  title text NOT NULL,
  content jsonb NOT NULL,
  language text NOT NULL,
  author jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'finished', 'locked')),
  -- ISO 8601 as the professional's system wrote them: they become the archived metadata unchanged.
  created text NOT NULL,
  completed text,
  locked_at timestamptz,
  choices jsonb,
  PRIMARY KEY (register_keeper_oid, client_key, document_id),
  UNIQUE (register_keeper_oid, client_key, set_id, version),
  FOREIGN KEY (register_keeper_oid, client_key, case_id) REFERENCES client_case
);
CREATE INDEX client_document_finished ON client_document (register_keeper_oid) WHERE state = 'finished';

-- A locked document never changes, whatever code runs against the table (the service refuses first).
CREATE FUNCTION client_document_locked_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'locked' THEN
    RAISE EXCEPTION 'client document % is locked: a correction is a new version', OLD.document_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER client_document_locked BEFORE UPDATE OR DELETE ON client_document
  FOR EACH ROW EXECUTE FUNCTION client_document_locked_guard();

-- The load queue (latauskuorma): one item per national document id, durable, with its history.
CREATE TABLE load_queue_item (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  document_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('clienthood', 'case', 'document')),
  send_rank integer NOT NULL,
  metadata jsonb NOT NULL,
  -- What a client document's PDF rendering shows (the locked content); none for clienthood and case documents.
  content jsonb,
  -- The signed CDA, built once on first claim and resent byte for byte, so a resend is the same submission.
  payload text,
  status text NOT NULL CHECK (status IN ('waiting', 'sending', 'archived', 'refused', 'retry-wait')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_until timestamptz,
  refusal jsonb,
  enqueued_at timestamptz NOT NULL,
  archived_at timestamptz,
  PRIMARY KEY (register_keeper_oid, client_key, document_id)
);
-- What the queue claims: sendable items in rank order.
CREATE INDEX load_queue_sendable ON load_queue_item (send_rank, enqueued_at) WHERE status IN ('waiting', 'retry-wait', 'sending');

-- An item is sent only after these (its clienthood, its case, its previous version) are archived.
CREATE TABLE load_queue_prerequisite (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  document_id text NOT NULL,
  prerequisite_document_id text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id, prerequisite_document_id),
  FOREIGN KEY (register_keeper_oid, client_key, document_id) REFERENCES load_queue_item,
  FOREIGN KEY (register_keeper_oid, client_key, prerequisite_document_id) REFERENCES load_queue_item
);

CREATE TABLE load_queue_history (
  register_keeper_oid text NOT NULL,
  client_key text NOT NULL,
  document_id text NOT NULL,
  seq bigserial,
  at timestamptz NOT NULL,
  from_status text,
  to_status text NOT NULL,
  attempt integer NOT NULL,
  detail jsonb,
  PRIMARY KEY (register_keeper_oid, client_key, document_id, seq),
  FOREIGN KEY (register_keeper_oid, client_key, document_id) REFERENCES load_queue_item
);
