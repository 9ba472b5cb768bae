-- Usage rows appended in one statement (issue 16 item 2): a logged read sends its usage row(s) with COMMIT as
-- `SELECT arkki_append_usage($1)`, one round trip, instead of locking the chain heads, hashing in Node and
-- inserting in two more. The chain is exactly the one appendUsage builds in Node (006_usage_log_chain.sql):
-- Node sends each row's hashed text around its seq (usageRowTextAround in src/archive/domain/usage-chain.ts:
-- canonical JSON, sorted keys, so `before || seq || after` is the row's text for any seq), and this function
-- only supplies what the database knows: the partition head's seq and hash, under the head's row lock.
--
-- rows: a JSON array of objects with the usage_log columns (register_keeper_oid … purpose, detail as JSON,
-- document_ids as a JSON array of strings, logged_at as ISO text) plus `before` and `after`. Partitions are
-- locked in (register_keeper_oid, client_key) byte order — the order appendUsage's Node path sorts by — so
-- the two paths cannot deadlock each other; rows of one partition are chained in array order.
CREATE FUNCTION arkki_append_usage(rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part record;
  r record;
  head_seq bigint;
  head_hash text;
BEGIN
  FOR part IN
    SELECT rk, ck FROM (SELECT DISTINCT x->>'register_keeper_oid' AS rk, x->>'client_key' AS ck FROM jsonb_array_elements(rows) x) p
     ORDER BY rk COLLATE "C", ck COLLATE "C"
  LOOP
    INSERT INTO usage_log_chain_head AS h (register_keeper_oid, client_key, last_seq, last_hash)
      VALUES (part.rk, part.ck, 0, repeat('0', 64))
      ON CONFLICT (register_keeper_oid, client_key) DO UPDATE SET last_seq = h.last_seq
      RETURNING h.last_seq, h.last_hash INTO head_seq, head_hash;
    FOR r IN
      SELECT x FROM jsonb_array_elements(rows) WITH ORDINALITY AS e(x, n)
       WHERE x->>'register_keeper_oid' = part.rk AND x->>'client_key' = part.ck ORDER BY n
    LOOP
      head_seq := head_seq + 1;
      INSERT INTO usage_log (register_keeper_oid, client_key, logged_at, user_id, user_name, professional_id, organisation_oid,
                             system_id, role, action, outcome, rule, document_ids, purpose, detail, seq, prev_hash, row_hash)
        VALUES (part.rk, part.ck, (r.x->>'logged_at')::timestamptz, r.x->>'user_id', r.x->>'user_name', r.x->>'professional_id',
                r.x->>'organisation_oid', r.x->>'system_id', r.x->>'role', r.x->>'action', r.x->>'outcome', r.x->>'rule',
                ARRAY(SELECT jsonb_array_elements_text(r.x->'document_ids')), r.x->>'purpose', r.x->'detail', head_seq, head_hash,
                encode(sha256(convert_to('arkki-usage-v1' || E'\n' || head_hash || E'\n' || (r.x->>'before') || head_seq::text
                                         || (r.x->>'after'), 'UTF8')), 'hex'))
        RETURNING row_hash INTO head_hash;
    END LOOP;
    UPDATE usage_log_chain_head SET last_seq = head_seq, last_hash = head_hash
     WHERE register_keeper_oid = part.rk AND client_key = part.ck;
  END LOOP;
END $$;
