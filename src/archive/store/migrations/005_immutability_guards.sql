-- The database itself refuses what the archive must never do, whatever code path tries it:
-- usage-log and lifecycle-event rows are append-only; bodies are immutable; a document's metadata is
-- immutable (only its status projection and invalidation note change, together with a document_event row).

CREATE FUNCTION arkki_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'arkki: % on % is not allowed (append-only / immutable table)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER usage_log_append_only BEFORE UPDATE OR DELETE ON usage_log
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
CREATE TRIGGER document_event_append_only BEFORE UPDATE OR DELETE ON document_event
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
CREATE TRIGGER document_body_immutable BEFORE UPDATE OR DELETE ON document_body
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();

CREATE FUNCTION arkki_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'arkki: documents are never deleted (retention-based destruction has its own procedure)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - 'status' - 'extra') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'extra') THEN
    RAISE EXCEPTION 'arkki: document % metadata is immutable; archive a new version instead', OLD.document_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER document_immutable BEFORE UPDATE OR DELETE ON document
  FOR EACH ROW EXECUTE FUNCTION arkki_document_immutable();
