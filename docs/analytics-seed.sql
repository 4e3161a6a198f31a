-- Fills a freshly migrated, EMPTY scratch database with ~1,000,000 jobs for EXPLAIN (docs/analytics.md).
-- Set-based (generate_series), reproducible shape (setseed), ids are UUIDv7 of each row's creation time.
--   psql -h 127.0.0.1 -U postgres -d <scratch db> -v ON_ERROR_STOP=1 -f docs/analytics-seed.sql
-- Shape: 100k workflows x 10 jobs (job 0 -> jobs 1..8 -> job 9), created over the last 7 days, 10% of them
-- in the last hour; ~1.1M attempts (retries, outcomes), ~3.3M audit rows, 50 workers (concurrency 8).
-- Workflows younger than 3 minutes are RUNNING; older ones are SUCCEEDED 92%, FAILED 6%, CANCELLED 2%.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT setseed(0.42);
SELECT now() AS t0 \gset

-- UUIDv7: 48-bit Unix milliseconds, version 7, random rest.
CREATE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
    substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

CREATE UNLOGGED TABLE gen_wf AS
SELECT i, pg_temp.uuid7(created_at) AS id, created_at,
  CASE WHEN created_at > :'t0'::timestamptz - interval '3 minutes' THEN 'RUNNING'
       WHEN r < 0.92 THEN 'SUCCEEDED' WHEN r < 0.98 THEN 'FAILED' ELSE 'CANCELLED' END AS state,
  1 + (i * 7919) % 9 AS fail_pos
FROM (SELECT i, random() AS r,
        CASE WHEN i > 90000 THEN :'t0'::timestamptz - random() * interval '1 hour'
             ELSE :'t0'::timestamptz - interval '1 hour' - random() * interval '167 hours' END AS created_at
      FROM generate_series(1, 100000) i) s;

-- One row per job: its final state and how many attempts it had.
CREATE UNLOGGED TABLE gen_job AS
-- MATERIALIZED: each random number is drawn once per job (an inlined random() is re-drawn at each use).
WITH b AS MATERIALIZED (
  SELECT w.i, w.id, w.created_at, w.state, w.fail_pos, p.pos, (p.pos + w.i) % 8 AS type_no,
    random() AS r2, random() AS r3, random() AS r4
  FROM gen_wf w CROSS JOIN generate_series(0, 9) AS p(pos))
SELECT b.i, b.id AS workflow_id, b.created_at, b.state AS wf_state, b.pos, b.type_no,
  (ARRAY['http.fetch', 'image.resize', 'db.export', 'email.send', 'report.render', 'ml.score', 'etl.load',
    'noop'])[b.type_no + 1] AS type, s.state,
  CASE WHEN s.state = 'SUCCEEDED' THEN CASE WHEN b.r3 < (CASE WHEN b.type_no IN (0, 5) THEN 0.80 ELSE 0.95 END) THEN 1
                                            WHEN b.r3 < 0.99 THEN 2 ELSE 3 END
       WHEN s.state = 'FAILED' THEN 3
       WHEN s.state = 'RUNNING' THEN CASE WHEN b.r3 < 0.95 THEN 1 ELSE 2 END
       WHEN s.state = 'RETRY_WAIT' THEN CASE WHEN b.r3 < 0.7 THEN 1 ELSE 2 END
       WHEN s.state = 'QUEUED' THEN CASE WHEN b.r3 < 0.95 THEN 0 ELSE 1 END
       ELSE 0 END AS n_att,
  CASE WHEN b.r4 < 0.02 THEN 30000 ELSE 300000 END AS timeout_ms
FROM b
CROSS JOIN LATERAL (SELECT CASE b.state
  WHEN 'SUCCEEDED' THEN 'SUCCEEDED'
  WHEN 'FAILED' THEN CASE WHEN b.pos = b.fail_pos THEN 'FAILED' WHEN b.pos = 9 THEN 'SKIPPED' ELSE 'SUCCEEDED' END
  WHEN 'CANCELLED' THEN CASE WHEN b.pos < 5 THEN 'SUCCEEDED' ELSE 'CANCELLED' END
  ELSE CASE WHEN b.pos = 0 THEN CASE WHEN b.created_at > :'t0'::timestamptz - interval '20 seconds'
                                     THEN CASE WHEN b.r2 < 0.5 THEN 'RUNNING' ELSE 'QUEUED' END ELSE 'SUCCEEDED' END
            WHEN b.pos = 9 OR b.created_at > :'t0'::timestamptz - interval '20 seconds' THEN 'BLOCKED'
            WHEN b.r2 < 0.40 THEN 'SUCCEEDED' WHEN b.r2 < 0.50 THEN 'RUNNING'
            WHEN b.r2 < 0.95 THEN 'QUEUED' ELSE 'RETRY_WAIT' END
  END AS state) s;

-- One row per attempt; the last one carries the job's outcome, earlier ones failed (or timed out, or were lost).
CREATE UNLOGGED TABLE gen_att AS
SELECT j.workflow_id, j.pos, j.type, j.state AS job_state, k AS attempt, j.n_att, j.timeout_ms,
  'worker-' || lpad((1 + floor(random() * 50))::int::text, 2, '0') AS worker_id,
  'coord-' || (1 + (k + j.pos) % 2) AS coordinator_id,
  least(q.queued_at, :'t0'::timestamptz - interval '2 seconds') AS queued_at,
  least(q.queued_at + wait, :'t0'::timestamptz - interval '1 second') AS assigned_at,
  CASE WHEN k < j.n_att OR j.state IN ('SUCCEEDED', 'FAILED', 'RETRY_WAIT', 'QUEUED')
       THEN least(q.queued_at + wait + dur, :'t0'::timestamptz) END AS finished_at,
  CASE WHEN k = j.n_att AND j.state = 'SUCCEEDED' THEN 'SUCCEEDED'
       WHEN k = j.n_att AND j.state = 'RUNNING' THEN NULL
       WHEN rr < 0.80 THEN 'FAILED' WHEN rr < 0.95 THEN 'TIMED_OUT' ELSE 'LOST' END AS outcome
FROM gen_job j
CROSS JOIN LATERAL generate_series(1, j.n_att) AS k
CROSS JOIN LATERAL (SELECT j.created_at + j.pos * interval '1.5 seconds' + (k - 1) * interval '5 seconds' AS queued_at,
  (20 + -ln(1 - random()) * 300) * interval '1 millisecond' AS wait,
  ((ARRAY[800, 1500, 4000, 300, 2500, 1200, 6000, 20])[j.type_no + 1] * (0.3 + -ln(1 - random())))
    * interval '1 millisecond' AS dur,
  random() AS rr) q;

INSERT INTO workers (id, name, queues, types, concurrency, coordinator_id, connected_at, last_heartbeat, removed_at)
SELECT 'worker-' || lpad(n::text, 2, '0'), 'host-' || n, '{default}',
  '{http.fetch,image.resize,db.export,email.send,report.render,ml.score,etl.load,noop}', 8, 'coord-' || (1 + n % 2),
  :'t0'::timestamptz - interval '8 days', :'t0'::timestamptz - interval '2 seconds',
  CASE WHEN n > 47 THEN :'t0'::timestamptz - interval '1 day' END
FROM generate_series(1, 50) n;

-- Per job: ids and the times of its last attempt.
CREATE UNLOGGED TABLE gen_job2 AS
SELECT j.*, pg_temp.uuid7(j.created_at) AS id,
  coalesce(a.queued_at, CASE WHEN j.state NOT IN ('BLOCKED', 'SKIPPED', 'CANCELLED')
    THEN least(j.created_at + j.pos * interval '1.5 seconds', :'t0'::timestamptz) END) AS queued_at,
  a.assigned_at AS started_at, a.finished_at, a.worker_id,
  CASE WHEN j.state IN ('SKIPPED', 'CANCELLED') THEN least(j.created_at + interval '20 seconds', :'t0'::timestamptz)
       WHEN j.state IN ('SUCCEEDED', 'FAILED') THEN a.finished_at END AS job_finished_at,
  sum(CASE WHEN j.pos BETWEEN 1 AND 8 AND j.state <> 'SUCCEEDED' THEN 1 ELSE 0 END)
    OVER (PARTITION BY j.workflow_id) AS pending_fan_in
FROM gen_job j
LEFT JOIN gen_att a ON a.workflow_id = j.workflow_id AND a.pos = j.pos AND a.attempt = j.n_att;

INSERT INTO workflows (id, name, state, priority, labels, idempotency_key, created_at, started_at, finished_at)
SELECT w.id, 'pipeline-' || (w.i % 20), w.state, CASE WHEN w.i % 10 = 0 THEN 5 ELSE 0 END,
  jsonb_build_object('team', 'team-' || (w.i % 5)), CASE WHEN w.i % 3 = 0 THEN 'key-' || w.i END,
  w.created_at, w.created_at, CASE WHEN w.state <> 'RUNNING' THEN f.finished_at END
FROM gen_wf w
JOIN (SELECT workflow_id, max(job_finished_at) AS finished_at FROM gen_job2 GROUP BY workflow_id) f ON f.workflow_id = w.id
ORDER BY w.created_at;

INSERT INTO jobs (id, workflow_id, position, name, type, state, attempt, attempt_base, pending_deps, depends_on, queue,
  priority, payload, retry, timeout_ms, worker_id, result, error, created_at, queued_at, started_at, finished_at,
  retry_at, deadline)
SELECT j.id, j.workflow_id, j.pos, 'step-' || j.pos, j.type, j.state, j.n_att, 0,
  CASE WHEN j.state <> 'BLOCKED' THEN 0 WHEN j.pos = 9 THEN j.pending_fan_in ELSE 1 END,
  CASE WHEN j.pos = 0 THEN '{}'::text[] WHEN j.pos = 9 THEN ARRAY['step-1', 'step-2', 'step-3', 'step-4', 'step-5',
    'step-6', 'step-7', 'step-8'] ELSE ARRAY['step-0'] END,
  'default', 0, jsonb_build_object('n', j.i, 'pos', j.pos),
  '{"max_attempts": 3, "initial_delay_ms": 1000, "multiplier": 2.0, "max_delay_ms": 60000}'::jsonb, j.timeout_ms,
  CASE WHEN j.n_att > 0 THEN j.worker_id END,
  CASE WHEN j.state = 'SUCCEEDED' THEN jsonb_build_object('ok', true, 'bytes', j.i * 10 + j.pos) END,
  CASE WHEN j.state IN ('FAILED', 'RETRY_WAIT') THEN 'exit status 1' END,
  j.created_at, j.queued_at, j.started_at, j.job_finished_at,
  CASE WHEN j.state = 'RETRY_WAIT' THEN :'t0'::timestamptz + interval '20 seconds' END,
  CASE WHEN j.state = 'RUNNING' THEN j.started_at + j.timeout_ms * interval '1 millisecond' END
FROM gen_job2 j
ORDER BY j.created_at, j.pos;

-- job 0 -> jobs 1..8 -> job 9
INSERT INTO job_dependencies (job_id, depends_on_job_id)
SELECT d.id, u.id FROM gen_job2 d JOIN gen_job2 u ON u.workflow_id = d.workflow_id
WHERE (d.pos BETWEEN 1 AND 8 AND u.pos = 0) OR (d.pos = 9 AND u.pos BETWEEN 1 AND 8);

INSERT INTO job_assignments (job_id, attempt, workflow_id, job_type, worker_id, coordinator_id, queued_at, assigned_at,
  deadline, finished_at, outcome, error)
SELECT j.id, a.attempt, a.workflow_id, a.type, a.worker_id, a.coordinator_id, a.queued_at, a.assigned_at,
  a.assigned_at + a.timeout_ms * interval '1 millisecond', a.finished_at, a.outcome,
  CASE WHEN a.outcome NOT IN ('SUCCEEDED') THEN 'exit status 1' END
FROM gen_att a JOIN gen_job2 j ON j.workflow_id = a.workflow_id AND j.pos = a.pos
ORDER BY a.assigned_at;

-- The audit trail, in time order: releases, starts, ends of attempts, skips/cancels, workflow ends.
INSERT INTO workflow_events (workflow_id, job_id, kind, from_state, to_state, attempt, worker_id, coordinator_id, at,
  details)
SELECT workflow_id, job_id, kind, from_state, to_state, attempt, worker_id, coordinator_id, at, details FROM (
  SELECT j.workflow_id, j.id AS job_id, 'job_state' AS kind, 'BLOCKED' AS from_state, 'QUEUED' AS to_state,
    0 AS attempt, NULL AS worker_id, 'coord-1' AS coordinator_id, j.created_at + j.pos * interval '1.5 seconds' AS at,
    NULL::jsonb AS details
  FROM gen_job2 j WHERE j.pos > 0 AND j.state NOT IN ('BLOCKED', 'SKIPPED', 'CANCELLED')
  UNION ALL
  SELECT a.workflow_id, j.id, 'job_state', 'QUEUED', 'RUNNING', a.attempt, a.worker_id, a.coordinator_id,
    a.assigned_at, NULL
  FROM gen_att a JOIN gen_job2 j ON j.workflow_id = a.workflow_id AND j.pos = a.pos
  UNION ALL
  SELECT a.workflow_id, j.id, 'job_state', 'RUNNING',
    CASE WHEN a.outcome = 'SUCCEEDED' THEN 'SUCCEEDED' WHEN a.attempt < a.n_att THEN 'QUEUED' ELSE j.state END,
    a.attempt, a.worker_id, a.coordinator_id, a.finished_at,
    CASE WHEN a.outcome <> 'SUCCEEDED' THEN jsonb_build_object('error', 'exit status 1', 'outcome', a.outcome) END
  FROM gen_att a JOIN gen_job2 j ON j.workflow_id = a.workflow_id AND j.pos = a.pos WHERE a.finished_at IS NOT NULL
  UNION ALL
  SELECT j.workflow_id, j.id, 'job_state', 'BLOCKED', j.state, 0, NULL, 'coord-1', j.job_finished_at,
    jsonb_build_object('reason', 'upstream failed')
  FROM gen_job2 j WHERE j.state IN ('SKIPPED', 'CANCELLED')
  UNION ALL
  SELECT w.id, NULL, 'workflow_state', 'RUNNING', w.state, NULL, NULL, 'coord-2', w.finished_at, NULL
  FROM workflows w WHERE w.state <> 'RUNNING'
) e ORDER BY at;

DROP TABLE gen_wf, gen_job, gen_att, gen_job2;
VACUUM ANALYZE;
