-- Indexes for metadata search in its order (completed desc, document id desc), found with bench/ at 1 M
-- documents (bench/README.md, Findings).

-- 1. Search by social service. The GIN index on document.social_services finds the matching documents but
-- not in search order, so every page fetched and sorted every match: ~23,000 rows, ~100 ms at 1 M documents.
-- One row per (document, social service) with a btree in search order lets a page read ~50 index entries.
-- Rows are written with the document (insertDocuments); completed_at is copied because it is immutable.
CREATE TABLE document_social_service (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  document_id         text NOT NULL,
  social_service      text NOT NULL,
  completed_at        timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id, social_service),
  FOREIGN KEY (register_keeper_oid, client_key, document_id) REFERENCES document ON DELETE CASCADE
);
CREATE INDEX document_social_service_completed
  ON document_social_service (register_keeper_oid, social_service, completed_at DESC, document_id DESC);

INSERT INTO document_social_service (register_keeper_oid, client_key, document_id, social_service, completed_at)
  SELECT d.register_keeper_oid, d.client_key, d.document_id, s.code, d.completed_at
  FROM document d CROSS JOIN LATERAL unnest(d.social_services) AS s(code)
  ON CONFLICT DO NOTHING;

-- Only the social-service search used the GIN index; the table above replaces it.
DROP INDEX document_social_services;

-- 2. Searches with no column to lead with (a completion range only, or just the newest documents of the
-- register) and a social worker's search across the role's service tasks: without this index PostgreSQL
-- sorted every document of the register keeper (or of the role's tasks) for each page.
CREATE INDEX document_completed ON document (register_keeper_oid, completed_at DESC, document_id DESC);
