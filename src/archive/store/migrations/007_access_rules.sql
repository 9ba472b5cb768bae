-- Access rules (issue 5 item 4, domain README §6): roles per organisation, special-reason grants and their
-- comments, consents / denials / disclosure decisions, the disclosure log, and population contact data that
-- turvakielto hides. Client-data tables lead with (register_keeper_oid, client_key) like every other.

-- Roles defined by each organisation (THL regulation 1/2017), mapped to service tasks and a process part.
CREATE TABLE access_role (
  organisation_oid text NOT NULL,
  role_code        text NOT NULL,
  name_fi          text NOT NULL,
  name_sv          text,
  role_kind        text NOT NULL CHECK (role_kind IN ('social-worker', 'archivist')),
  service_tasks    text[] NOT NULL,
  process_part     text NOT NULL CHECK (process_part IN ('arranging', 'providing', 'both')),
  register_keeper_oid text NOT NULL,
  PRIMARY KEY (organisation_oid, role_code)
);

-- Which role a professional has in an organisation (one role per organisation).
CREATE TABLE access_role_assignment (
  organisation_oid text NOT NULL,
  professional_id  text NOT NULL,
  role_code        text NOT NULL,
  user_id          text,              -- stable id for logs; default professional:<professional id>
  PRIMARY KEY (organisation_oid, professional_id),
  FOREIGN KEY (organisation_oid, role_code) REFERENCES access_role (organisation_oid, role_code)
);

-- A special reason (asiayhteys) stated by a professional for one client and service task.
CREATE TABLE special_reason_grant (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  grant_id            text NOT NULL,
  user_id             text NOT NULL,
  professional_id     text,
  organisation_oid    text NOT NULL,
  service_task        text NOT NULL,
  reason_code         text NOT NULL,
  granted_at          timestamptz NOT NULL,
  valid_until         timestamptz NOT NULL,
  commentable_until   timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, grant_id)
);
CREATE INDEX special_reason_grant_user ON special_reason_grant (user_id, register_keeper_oid, valid_until DESC);
CREATE UNIQUE INDEX special_reason_grant_id ON special_reason_grant (grant_id);

-- Comments on the special-reason log entry: the stated comment is seq 1; more may be added until sealed.
CREATE TABLE special_reason_comment (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  grant_id            text NOT NULL,
  seq                 integer NOT NULL,
  comment             text NOT NULL,
  added_at            timestamptz NOT NULL,
  user_id             text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, grant_id, seq)
);

-- Consents (suostumus), disclosure decisions (luovutuspäätös) and denials (luovutuskielto) per client.
CREATE TABLE client_disclosure_rule (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  rule_id             text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('consent', 'disclosure-decision', 'denial')),
  recipient_oid       text,             -- consent / decision: required; denial: null = every recipient
  service_tasks       text[] NOT NULL DEFAULT '{}',
  document_ids        text[] NOT NULL DEFAULT '{}',
  basis               text,             -- legal basis of a decision, or a note
  valid_from          timestamptz NOT NULL,
  valid_until         timestamptz,
  recorded_at         timestamptz NOT NULL,
  recorded_by         text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, rule_id),
  CHECK (kind = 'denial' OR recipient_oid IS NOT NULL),
  CHECK (cardinality(service_tasks) + cardinality(document_ids) > 0)
);

-- Disclosure log (luovutusloki): what was disclosed to whom on which basis; written in the same
-- transaction as the usage-log row of the read. Append-only.
CREATE TABLE disclosure_log (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  id                  bigint GENERATED ALWAYS AS IDENTITY,
  disclosed_at        timestamptz NOT NULL,
  recipient_organisation_oid text NOT NULL,
  recipient_register_keeper_oid text NOT NULL,
  user_id             text NOT NULL,
  user_name           text NOT NULL,
  professional_id     text,
  system_id           text NOT NULL,
  action              text NOT NULL,
  document_ids        text[] NOT NULL DEFAULT '{}',
  basis_kind          text NOT NULL CHECK (basis_kind IN ('consent', 'disclosure-decision')),
  basis_id            text NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, id)
);
CREATE INDEX disclosure_log_recipient ON disclosure_log (recipient_organisation_oid, disclosed_at DESC);

CREATE TRIGGER disclosure_log_append_only BEFORE UPDATE OR DELETE ON disclosure_log
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
CREATE TRIGGER special_reason_comment_append_only BEFORE UPDATE OR DELETE ON special_reason_comment
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
CREATE TRIGGER special_reason_grant_append_only BEFORE UPDATE OR DELETE ON special_reason_grant
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();

-- Population contact data (turvakielto hides it).
ALTER TABLE person ADD COLUMN street_address text;
ALTER TABLE person ADD COLUMN postal_code text;
ALTER TABLE person ADD COLUMN post_office text;
ALTER TABLE person ADD COLUMN phone text;
ALTER TABLE person ADD COLUMN email text;
