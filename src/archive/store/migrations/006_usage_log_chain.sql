-- Tamper-evident usage log: every row is chained by SHA-256 to the previous row of its log partition.
--
-- Partition = (register_keeper_oid, client_key), the key usage_log is distributed by, so a chain never
-- crosses shards. Within a partition rows are ordered by `seq` (1, 2, 3, … without gaps); `id` is only a
-- locator and is not hashed: the hash needs the row's position before the INSERT, and an identity value is
-- not known then (nor gap-free). row_hash = usageRowHash(prev_hash, row) — src/archive/domain/usage-chain.ts —
-- over seq and every other column; the first row of a partition has prev_hash = 64 zeros.
--
-- usage_log_chain_head holds the last seq and hash of each partition. appendUsage locks the heads of the
-- partitions it writes (sorted, so concurrent writers cannot deadlock), so concurrent appends to one
-- partition queue up and produce one unbroken chain. The head also shows when the newest rows were deleted.
--
-- Rows that existed before this migration are *pre-chain*: seq, prev_hash and row_hash stay NULL, and their
-- number and highest id are recorded in usage_log_chain_epoch. `arkki log verify` counts them separately and
-- reports any unchained row with a higher id (a row inserted around the chain) and missing pre-chain rows.
-- Every row inserted from now on must be chained (CHECK … NOT VALID: enforced for new rows only).

ALTER TABLE usage_log ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN row_hash text;
ALTER TABLE usage_log ADD CONSTRAINT usage_log_chained
  CHECK (seq IS NOT NULL AND seq > 0 AND prev_hash ~ '^[0-9a-f]{64}$' AND row_hash ~ '^[0-9a-f]{64}$') NOT VALID;
CREATE UNIQUE INDEX usage_log_chain_order ON usage_log (register_keeper_oid, client_key, seq);

CREATE TABLE usage_log_chain_head (
  register_keeper_oid text NOT NULL,
  client_key          text NOT NULL,
  last_seq            bigint NOT NULL CHECK (last_seq >= 0),
  last_hash           text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (register_keeper_oid, client_key)
);

-- A head only moves forward: never deleted, its seq never goes back, its hash changes only with a new seq.
CREATE FUNCTION arkki_chain_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.register_keeper_oid <> OLD.register_keeper_oid OR NEW.client_key <> OLD.client_key
     OR NEW.last_seq < OLD.last_seq OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash <> OLD.last_hash) THEN
    RAISE EXCEPTION 'arkki: usage-log chain heads only move forward (% on %)', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER usage_log_chain_head_forward BEFORE UPDATE OR DELETE ON usage_log_chain_head
  FOR EACH ROW EXECUTE FUNCTION arkki_chain_head_forward();

-- One row: what was in the log before chaining started (a reference table under Citus).
CREATE TABLE usage_log_chain_epoch (
  one              boolean PRIMARY KEY DEFAULT true CHECK (one),
  chained_from     timestamptz NOT NULL DEFAULT now(),
  pre_chain_rows   bigint NOT NULL,
  pre_chain_max_id bigint NOT NULL
);
INSERT INTO usage_log_chain_epoch (pre_chain_rows, pre_chain_max_id)
  SELECT count(*), COALESCE(max(id), 0) FROM usage_log;
CREATE TRIGGER usage_log_chain_epoch_fixed BEFORE UPDATE OR DELETE ON usage_log_chain_epoch
  FOR EACH ROW EXECUTE FUNCTION arkki_refuse_change();
