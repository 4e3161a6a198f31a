-- The analytics job counts (PgAnalytics.JOBS: jobs of the workflows created since T, per state)
-- read only (workflow_id, state): with this index they are an index-only scan per workflow instead of
-- a sequential scan of the whole jobs table (1M jobs, 24 h window: ~400 ms -> ~60 ms; docs/analytics.md).
-- The finish check (WorkflowFinish.COUNTS) becomes index-only too. It stays small (B-tree
-- deduplication: the jobs of one workflow share few states) and adds one index entry per job
-- transition, which is not a HOT update anyway (state is in the partial indexes' predicates).
-- Plain CREATE INDEX (not CONCURRENTLY): Flyway's transactional lock makes CONCURRENTLY hang; it blocks
-- writes to jobs for about 1 s per million jobs. Build it CONCURRENTLY by hand beforehand on a big
-- live database (same name): IF NOT EXISTS then makes this migration a no-op.
CREATE INDEX IF NOT EXISTS jobs_workflow_state ON jobs (workflow_id, state);
