-- Code sets are versioned data: a changed data file adds a version, and no version or entry is ever
-- updated or deleted, so a code archived in 2019 stays readable (with its names) in 2030.

CREATE TABLE code_set_version (
  set_id        text NOT NULL CHECK (set_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  version       integer NOT NULL CHECK (version > 0),
  oid           text,                         -- national code-set OID; NULL when none exists
  name          text NOT NULL,
  source        text NOT NULL,                -- where the codes were taken from
  provisional   boolean NOT NULL,
  partial       boolean NOT NULL DEFAULT false,
  content_hash  text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),  -- sha256 of the file's canonical JSON
  loaded_at     timestamptz NOT NULL,
  PRIMARY KEY (set_id, version)
);

CREATE TABLE code_set_entry (
  set_id        text NOT NULL,
  version       integer NOT NULL,
  ordinal       integer NOT NULL,             -- position in the file: the order people expect to see
  code          text NOT NULL,
  code_system   text,                         -- the code's own system OID (document types: .1505 or .1506)
  display_fi    text NOT NULL,
  display_sv    text,
  display_en    text,
  provisional   boolean NOT NULL,
  parent        text,
  valid_from    date,
  valid_to      date,
  properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (set_id, version, code),
  UNIQUE (set_id, version, ordinal),
  FOREIGN KEY (set_id, version) REFERENCES code_set_version (set_id, version),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);

-- One current version per set; the pointer moves, the versions stay.
CREATE TABLE code_set (
  id               text PRIMARY KEY,
  current_version  integer NOT NULL,
  updated_at       timestamptz NOT NULL,
  FOREIGN KEY (id, current_version) REFERENCES code_set_version (set_id, version)
);
