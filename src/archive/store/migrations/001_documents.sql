-- Client documents, their bodies and lifecycle, clienthoods, cases, population data and the usage log.
-- Every client-data table leads with (register_keeper_oid, client_key) so it can be hash-distributed on
-- them (Citus: distribution column client_key, co-located); primary keys include both for the same reason.

CREATE TABLE person (
  client_key        text PRIMARY KEY,          -- henkilötunnus, or '<issuer OID>:<value>' for a temporary id
  id_kind           text NOT NULL CHECK (id_kind IN ('hetu', 'temporary')),
  family_name       text,
  given_names       text,
  birth_date        date,
  municipality_code text,
  turvakielto       boolean NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Content-addressed bodies, immutable; stored once per client partition so a client's data stays together.
CREATE TABLE document_body (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  sha256              text NOT NULL,
  size_bytes          integer NOT NULL,
  content_type        text NOT NULL,
  data                bytea NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, sha256)
);

-- Metadata of one document version. Immutable except `status`, which mirrors the newest document_event.
CREATE TABLE document (
  register_keeper_oid   text NOT NULL,
  client_key            text NOT NULL,
  document_id           text NOT NULL,
  set_id                text NOT NULL,
  version               integer NOT NULL CHECK (version >= 1),
  replaces              text,
  document_type         text NOT NULL,
  title                 text NOT NULL,
  register              text NOT NULL,
  service_provider_oid  text NOT NULL,
  service_unit_oid      text NOT NULL,
  service_task          text NOT NULL,
  social_services       text[] NOT NULL DEFAULT '{}',
  case_id               text,
  case_name             text,
  process_phase         text,
  author_name           text NOT NULL,
  author_id             text NOT NULL,
  author_role           text NOT NULL,
  created_at            timestamptz NOT NULL,
  completed_at          timestamptz NOT NULL,
  language              text NOT NULL,
  publicity_class       text NOT NULL,
  publicity_basis       text NOT NULL,
  retention_rule        text NOT NULL,
  destruction_date      date,
  citizen_visible       boolean NOT NULL,
  citizen_visible_from  date,
  format                text NOT NULL,
  body_sha256           text NOT NULL,
  body_size             integer NOT NULL,
  content_type          text NOT NULL,
  extra                 jsonb NOT NULL DEFAULT '{}',
  submission_hash       text NOT NULL,        -- sha256 of the canonical submission: same id + same content = same answer
  status                text NOT NULL CHECK (status IN ('current', 'superseded', 'invalidated')),
  archived_at           timestamptz NOT NULL,
  archived_by           text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id)
);
CREATE UNIQUE INDEX document_set_version ON document (register_keeper_oid, client_key, set_id, version);
CREATE INDEX document_client_completed ON document (register_keeper_oid, client_key, completed_at DESC, document_id DESC);
CREATE INDEX document_task_completed ON document (register_keeper_oid, service_task, completed_at DESC, document_id DESC);
CREATE INDEX document_type_completed ON document (register_keeper_oid, document_type, completed_at DESC, document_id DESC);
CREATE INDEX document_case ON document (register_keeper_oid, case_id) WHERE case_id IS NOT NULL;
CREATE INDEX document_social_services ON document USING gin (social_services);

-- Global lookup from a document or set id to its partition: the only way to find a document by id
-- alone without a scatter query (a reference table under Citus).
CREATE TABLE document_locator (
  document_id         text PRIMARY KEY,
  set_id              text NOT NULL,
  version             integer NOT NULL,
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL
);
CREATE INDEX document_locator_set ON document_locator (set_id, version);

-- Lifecycle events: archived, superseded, invalidated. Never updated or deleted.
CREATE TABLE document_event (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  document_id         text NOT NULL,
  seq                 integer NOT NULL,
  event               text NOT NULL CHECK (event IN ('archived', 'superseded', 'invalidated')),
  reason              text,
  by_user             text NOT NULL,
  at                  timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id, seq)
);

-- Clienthoods (asiakkuudet) as recorded by archived clienthood documents; one row per clienthood,
-- replaced by a new version of the same clienthood document.
CREATE TABLE clienthood (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  set_id              text NOT NULL,          -- the clienthood document's set id: one clienthood per set
  document_id         text NOT NULL,
  level               text NOT NULL CHECK (level IN ('social-welfare', 'service-task', 'service-unit')),
  service_task        text,
  service_unit_oid    text,
  start_date          date NOT NULL,
  end_date            date,
  PRIMARY KEY (register_keeper_oid, client_key, set_id)
);

-- Cases (asiat) as recorded by archived case documents.
CREATE TABLE client_case (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  case_id             text NOT NULL,
  name                text NOT NULL,
  service_task        text NOT NULL,
  opened_date         date NOT NULL,
  closed_date         date,
  document_id         text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, case_id)
);

-- Usage log (käyttöloki): append-only; written in the transaction of the use it records.
CREATE TABLE usage_log (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,          -- '' when the use concerned no single client (e.g. a register-wide search)
  id                  bigint GENERATED ALWAYS AS IDENTITY,
  logged_at           timestamptz NOT NULL,
  user_id             text NOT NULL,
  user_name           text NOT NULL,
  professional_id     text,
  organisation_oid    text NOT NULL,
  system_id           text NOT NULL,
  role                text NOT NULL,
  action              text NOT NULL,
  outcome             text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
  rule                text NOT NULL,          -- the access rule that decided
  document_ids        text[] NOT NULL DEFAULT '{}',
  purpose             text,
  detail              jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (register_keeper_oid, client_key, id)
);
CREATE INDEX usage_log_client ON usage_log (client_key, logged_at DESC);
CREATE INDEX usage_log_user ON usage_log (user_id, logged_at DESC);
CREATE INDEX usage_log_time ON usage_log (logged_at DESC);
