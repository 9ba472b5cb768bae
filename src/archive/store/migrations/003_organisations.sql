-- The organisation register (SOTE-organisaatiorekisteri): organisations and service units keyed by OID.
-- Reference data, not client data, so it is not partitioned by register keeper.

CREATE TABLE organisation (
  oid               text PRIMARY KEY,
  -- Deferred so one import can insert a unit before its parent within the same transaction.
  parent_oid        text REFERENCES organisation (oid) DEFERRABLE INITIALLY DEFERRED,
  kind              text NOT NULL CHECK (kind IN ('organisation', 'service-unit')),
  name_fi           text NOT NULL,
  name_sv           text,
  name_en           text,
  -- The names lower-cased by the store, one per line: lower() is ASCII-only under the C locale (Ä stays Ä).
  name_search       text NOT NULL,
  business_id       text,                    -- y-tunnus
  -- Keeps a social-welfare client register: public = municipality / wellbeing services county, private = provider.
  register_keeper   text CHECK (register_keeper IN ('public', 'private')),
  municipality_code text,
  valid_from        date NOT NULL,
  valid_to          date,                    -- last valid day; NULL = still valid
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_oid IS NULL OR parent_oid <> oid),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (register_keeper IS NULL OR kind = 'organisation')
);

CREATE INDEX organisation_parent_idx ON organisation (parent_oid);
