-- Key fields of structured (phase 2) documents for the client data summary (docs/rendering.md): picked
-- from the content by a rule on the structure definition and stored at ingest, so the summary reads a
-- few small rows instead of parsing bodies. One row per structured document; like the document's own
-- metadata it never changes (the archive records a new version instead), and it goes only with its document.
CREATE TABLE document_structured_fields (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  document_id         text NOT NULL,
  -- The structure (Sosmeta asiakirjarakenne) OID the content follows.
  structure_oid       text NOT NULL,
  -- [{path, label {fi, sv?}, type, values [...], text {fi, sv?}}] in display order (SummaryField).
  fields              jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'array'),
  PRIMARY KEY (register_keeper_oid, client_key, document_id),
  FOREIGN KEY (register_keeper_oid, client_key, document_id) REFERENCES document ON DELETE CASCADE
);

CREATE TRIGGER document_structured_fields_immutable BEFORE UPDATE ON document_structured_fields
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
