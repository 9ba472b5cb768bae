-- Code mappings (issue 12 items 3 and 4). Provisional values of national code sets get arkki's own code
-- system, and when a code-set version drops a value (a placeholder whose national value is now loaded, or a
-- retired one) a mapping row names what takes its place. The metadata of stored documents follows the
-- mapping — the signed documents themselves stay exactly as archived — and every change leaves a trail row.

-- What a code-set version records beyond its entries: the system of its provisional values, and the
-- national set that provisional values stand in for while its values are not available.
ALTER TABLE code_set_version ADD COLUMN provisional_oid text;
ALTER TABLE code_set_version ADD COLUMN national_code_system jsonb;

CREATE TABLE code_mapping (
  set_id     text NOT NULL,
  from_code  text NOT NULL,
  to_code    text NOT NULL CHECK (to_code <> from_code),
  reason     text NOT NULL,
  source     text NOT NULL,              -- the mapping file (data/codes/mappings/<id>.json)
  loaded_at  timestamptz NOT NULL,
  PRIMARY KEY (set_id, from_code)
);

-- The trail: which stored document's metadata a mapping changed, from what, when. Never updated.
CREATE TABLE document_code_mapping (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  document_id         text NOT NULL,
  field               text NOT NULL CHECK (field IN ('serviceTask', 'socialServices', 'processPhase', 'clienthood.serviceTask')),
  from_code           text NOT NULL,
  to_code             text NOT NULL,
  mapped_at           timestamptz NOT NULL,
  PRIMARY KEY (register_keeper_oid, client_key, document_id, field, from_code)
);
CREATE TRIGGER document_code_mapping_append_only BEFORE UPDATE OR DELETE ON document_code_mapping
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();

-- Metadata stays immutable, with one exception: the coded fields may follow a code mapping, and only inside
-- arkki_apply_code_mappings() (which sets arkki.code_mapping for its own transaction and writes the trail).
CREATE OR REPLACE FUNCTION arkki_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fixed text[] := ARRAY['status', 'extra'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'arkki: documents are never deleted (retention-based destruction has its own procedure)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(current_setting('arkki.code_mapping', true), '') = 'on' THEN
    fixed := fixed || ARRAY['service_task', 'social_services', 'process_phase'];
  END IF;
  IF (to_jsonb(NEW) - fixed) IS DISTINCT FROM (to_jsonb(OLD) - fixed) THEN
    RAISE EXCEPTION 'arkki: document % metadata is immutable; archive a new version instead', OLD.document_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

-- Applies every row of code_mapping to what the archive holds; idempotent (a second run finds nothing to
-- map). Called here for the mappings below and by the code-set sync whenever a mapping file is loaded.
CREATE FUNCTION arkki_apply_code_mappings(at timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  changed integer := 0;
  n integer;
BEGIN
  PERFORM set_config('arkki.code_mapping', 'on', true);

  -- Service task and process phase of documents.
  INSERT INTO document_code_mapping
    SELECT d.register_keeper_oid, d.client_key, d.document_id, 'serviceTask', d.service_task, m.to_code, at
      FROM document d JOIN code_mapping m ON m.set_id = 'service-tasks' AND m.from_code = d.service_task
    ON CONFLICT DO NOTHING;
  UPDATE document d SET service_task = m.to_code
    FROM code_mapping m WHERE m.set_id = 'service-tasks' AND m.from_code = d.service_task;
  GET DIAGNOSTICS n = ROW_COUNT;
  changed := changed + n;

  INSERT INTO document_code_mapping
    SELECT d.register_keeper_oid, d.client_key, d.document_id, 'processPhase', d.process_phase, m.to_code, at
      FROM document d JOIN code_mapping m ON m.set_id = 'process-phases' AND m.from_code = d.process_phase
    ON CONFLICT DO NOTHING;
  UPDATE document d SET process_phase = m.to_code
    FROM code_mapping m WHERE m.set_id = 'process-phases' AND m.from_code = d.process_phase;
  GET DIAGNOSTICS n = ROW_COUNT;
  changed := changed + n;

  -- The clienthood a clienthood document records (kept in extra).
  INSERT INTO document_code_mapping
    SELECT d.register_keeper_oid, d.client_key, d.document_id, 'clienthood.serviceTask', m.from_code, m.to_code, at
      FROM document d JOIN code_mapping m ON m.set_id = 'service-tasks' AND m.from_code = d.extra->'clienthood'->>'serviceTask'
    ON CONFLICT DO NOTHING;
  UPDATE document d SET extra = jsonb_set(d.extra, '{clienthood,serviceTask}', to_jsonb(m.to_code))
    FROM code_mapping m WHERE m.set_id = 'service-tasks' AND m.from_code = d.extra->'clienthood'->>'serviceTask';

  -- Social services: each mapped value in place, a value that would then appear twice kept once.
  INSERT INTO document_code_mapping
    SELECT d.register_keeper_oid, d.client_key, d.document_id, 'socialServices', s.code, m.to_code, at
      FROM document d CROSS JOIN LATERAL unnest(d.social_services) AS s(code)
      JOIN code_mapping m ON m.set_id = 'social-services' AND m.from_code = s.code
    ON CONFLICT DO NOTHING;
  UPDATE document d SET social_services = ARRAY(
      SELECT v FROM (
        SELECT coalesce(m.to_code, u.code) AS v, min(u.ord) AS ord
          FROM unnest(d.social_services) WITH ORDINALITY AS u(code, ord)
          LEFT JOIN code_mapping m ON m.set_id = 'social-services' AND m.from_code = u.code
         GROUP BY 1) x
      ORDER BY x.ord)
    WHERE d.social_services && ARRAY(SELECT from_code FROM code_mapping WHERE set_id = 'social-services');
  GET DIAGNOSTICS n = ROW_COUNT;
  changed := changed + n;
  DELETE FROM document_social_service i USING code_mapping m
    WHERE m.set_id = 'social-services' AND m.from_code = i.social_service
      AND EXISTS (SELECT 1 FROM document_social_service j
                   WHERE j.register_keeper_oid = i.register_keeper_oid AND j.client_key = i.client_key
                     AND j.document_id = i.document_id AND j.social_service = m.to_code);
  UPDATE document_social_service i SET social_service = m.to_code
    FROM code_mapping m WHERE m.set_id = 'social-services' AND m.from_code = i.social_service;

  -- The registers and rules that name service tasks (derived from documents, or access configuration).
  UPDATE clienthood c SET service_task = m.to_code
    FROM code_mapping m WHERE m.set_id = 'service-tasks' AND m.from_code = c.service_task;
  UPDATE client_case c SET service_task = m.to_code
    FROM code_mapping m WHERE m.set_id = 'service-tasks' AND m.from_code = c.service_task;
  UPDATE access_role r SET service_tasks = ARRAY(
      SELECT v FROM (
        SELECT coalesce(m.to_code, u.code) AS v, min(u.ord) AS ord
          FROM unnest(r.service_tasks) WITH ORDINALITY AS u(code, ord)
          LEFT JOIN code_mapping m ON m.set_id = 'service-tasks' AND m.from_code = u.code
         GROUP BY 1) x
      ORDER BY x.ord)
    WHERE r.service_tasks && ARRAY(SELECT from_code FROM code_mapping WHERE set_id = 'service-tasks');
  UPDATE client_disclosure_rule r SET service_tasks = ARRAY(
      SELECT v FROM (
        SELECT coalesce(m.to_code, u.code) AS v, min(u.ord) AS ord
          FROM unnest(r.service_tasks) WITH ORDINALITY AS u(code, ord)
          LEFT JOIN code_mapping m ON m.set_id = 'service-tasks' AND m.from_code = u.code
         GROUP BY 1) x
      ORDER BY x.ord)
    WHERE r.service_tasks && ARRAY(SELECT from_code FROM code_mapping WHERE set_id = 'service-tasks');

  PERFORM set_config('arkki.code_mapping', 'off', true);
  RETURN changed;
END $$;

-- The code-set change of 2026-12 (data/codes/mappings/2026-12.json), applied to data archived before it.
INSERT INTO code_mapping (set_id, from_code, to_code, reason, source, loaded_at) VALUES
  ('service-tasks', 'x-paihde', '15', 'national value loaded: Päihdehuolto is the national service task 15', '2026-12', now()),
  ('service-tasks', 'x-toimeentulotuki', 'x-tyoikaiset',
   'retired: social assistance is not a service task of the national list; its social services belong to työikäisten palvelut',
   '2026-12', now()),
  ('social-services', 'x-sosiaalityo', '46', 'national value loaded: Sosiaalityö is the national social service 46', '2026-12', now());
SELECT arkki_apply_code_mappings(now());
