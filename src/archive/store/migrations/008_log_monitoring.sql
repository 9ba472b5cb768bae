-- Log monitoring (lokivalvonta, issue 5 item 6): the facts the rules need besides the log (staff members'
-- own client keys, households), a cursor per register keeper, alerts and their append-only review trail.

-- A member of staff as a client: organisation + professional id (or user id) → own client key. Kept by the
-- organisation's log controller from its personnel data; used only by the own-data rule.
CREATE TABLE staff_person (
  organisation_oid text NOT NULL,
  staff_id         text NOT NULL,   -- professional id, or the user id when the person has none
  client_key       text NOT NULL,
  PRIMARY KEY (organisation_oid, staff_id)
);

-- Households from population data (väestötiedot: people living at the same address).
CREATE TABLE household_member (
  household_id text NOT NULL,
  client_key   text NOT NULL,
  PRIMARY KEY (household_id, client_key)
);
CREATE INDEX household_member_client ON household_member (client_key);

-- How far the monitor has read each register keeper's log (usage_log.id) and the newest time it saw there.
CREATE TABLE log_monitor_cursor (
  register_keeper_oid text PRIMARY KEY,
  last_id             bigint NOT NULL DEFAULT 0,
  last_logged_at      timestamptz,
  last_run_at         timestamptz
);

-- The monitor reads a register keeper's log in id order.
CREATE INDEX usage_log_register_id ON usage_log (register_keeper_oid, id);

CREATE TABLE log_alert (
  register_keeper_oid text NOT NULL,
  alert_id         bigint GENERATED ALWAYS AS IDENTITY,
  alert_key        text NOT NULL,     -- rule:user:… — the same rows always give the same key
  rule             text NOT NULL,
  user_id          text NOT NULL,
  user_name        text NOT NULL,
  organisation_oid text NOT NULL,
  client_keys      text[] NOT NULL,
  window_start     timestamptz NOT NULL,
  window_end       timestamptz NOT NULL,
  usage_ids        bigint[] NOT NULL,
  detail           jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'reviewed')),
  outcome          text CHECK (outcome IN ('justified', 'misuse-suspected', 'false-positive')),
  raised_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, alert_id),
  UNIQUE (register_keeper_oid, alert_key),
  CHECK ((status = 'reviewed') = (outcome IS NOT NULL))
);
CREATE INDEX log_alert_window ON log_alert (register_keeper_oid, window_start);

-- What happened to an alert: raised, extended with new rows, reopened, acknowledged, reviewed. Append-only.
CREATE TABLE log_alert_event (
  register_keeper_oid text NOT NULL,
  alert_id   bigint NOT NULL,
  seq        integer NOT NULL,
  at         timestamptz NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('raised', 'extended', 'reopened', 'acknowledged', 'reviewed')),
  user_id    text NOT NULL,
  user_name  text NOT NULL,
  note       text,
  outcome    text CHECK (outcome IN ('justified', 'misuse-suspected', 'false-positive')),
  usage_ids  bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (register_keeper_oid, alert_id, seq),
  FOREIGN KEY (register_keeper_oid, alert_id) REFERENCES log_alert (register_keeper_oid, alert_id)
);
CREATE TRIGGER log_alert_event_append_only BEFORE UPDATE OR DELETE ON log_alert_event
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();

-- Demo data (test henkilötunnus numbers 900–999 only, never real people): the demo social workers of
-- Pohjanmaan and Eksote as clients, and their households (data/demo/users.json).
INSERT INTO staff_person (organisation_oid, staff_id, client_key) VALUES
  ('1.2.246.10.9990001.10.1', 'DEMO-1001', '140380-9015'),
  ('1.2.246.10.9990001.10.1', 'DEMO-1002', '300175-904N'),
  ('1.2.246.10.9990002.10.1', 'DEMO-2001', '090990-905F');
INSERT INTO household_member (household_id, client_key) VALUES
  ('demo-household-1', '140380-9015'), ('demo-household-1', '020782-9026'), ('demo-household-1', '200512A9035'),
  ('demo-household-2', '090990-905F');
