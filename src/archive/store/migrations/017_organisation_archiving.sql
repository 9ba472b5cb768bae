-- Archiving per organisation (issue 15 item 3) and the refusals the archive gave at ingest (item 4).

-- When an organisation's archiving was opened or closed, by whom and why: one row per change, append-only;
-- the newest row is the state (no row: never opened). A passed deployment test (käyttöönottokoe) opens it.
CREATE TABLE organisation_archiving_event (
  organisation_oid text NOT NULL,
  seq         integer NOT NULL,
  state       text NOT NULL CHECK (state IN ('open', 'closed')),
  at          timestamptz NOT NULL,
  by_user_id  text NOT NULL,
  by_name     text NOT NULL,
  reason      text NOT NULL,
  PRIMARY KEY (organisation_oid, seq)
);
CREATE TRIGGER organisation_archiving_event_append_only BEFORE UPDATE OR DELETE ON organisation_archiving_event
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();

-- One row per refused submission: who sent it, when, what kind of document for which unit (when the
-- archive could tell), and which rules it broke. No client data: no client identifier, no body, no
-- message text (messages can quote the sent values), only codes and OIDs that passed their syntax check.
CREATE TABLE ingest_refusal (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                      timestamptz NOT NULL,
  -- the register the document was for (its register keeper when the archive could read one, else the sender's)
  register_keeper_oid     text NOT NULL,
  sender_organisation_oid text NOT NULL,
  sender_user_id          text NOT NULL,
  system_id               text NOT NULL,
  document_id             text,
  document_type           text,
  service_unit_oid        text,
  error_code              text NOT NULL,
  -- [{field, rule}], the first is the reason shown
  issues                  jsonb NOT NULL
);
CREATE INDEX ingest_refusal_register_at ON ingest_refusal (register_keeper_oid, at);
CREATE INDEX ingest_refusal_sender_at ON ingest_refusal (sender_organisation_oid, at);
CREATE TRIGGER ingest_refusal_append_only BEFORE UPDATE OR DELETE ON ingest_refusal
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
