-- Demo mode: where seeding the demo data stands. A first start killed half-way leaves started_at without
-- finished_at, and the next start completes the seeding (every step is idempotent) instead of taking a
-- half-seeded archive for a seeded one.
CREATE TABLE demo_seed (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  documents   integer
);
