-- Professional e-signatures (ammattilaisen sähköinen allekirjoitus) of phase-2 decisions: the detached
-- XAdES signature document exactly as received, beside the document version it signs, with what its
-- verification established. Stored in the client's partition like the document; append-only.

CREATE TABLE professional_signature (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  document_id         text NOT NULL,
  signature_xml       bytea NOT NULL,
  signature_sha256    text NOT NULL,
  professional_id     text NOT NULL,
  professional_name   text NOT NULL,
  organisation_oid    text NOT NULL,
  signing_time        timestamptz NOT NULL,
  commitment          text CHECK (commitment IN ('proof-of-approval', 'proof-of-creation', 'proof-of-origin')),
  certificate_serial  text NOT NULL,
  certificate_sha256  text NOT NULL,
  verified_at         timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id),
  FOREIGN KEY (register_keeper_oid, client_key, document_id) REFERENCES document (register_keeper_oid, client_key, document_id)
);

CREATE TRIGGER professional_signature_append_only BEFORE UPDATE OR DELETE ON professional_signature
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
