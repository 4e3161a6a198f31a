-- The source of truth: workflows, their jobs and dependency edges, attempts, workers, and the
-- append-only audit trail. Times are timestamptz (UTC); ids are UUIDv7 given by the coordinator,
-- so ordering by id is ordering by creation time.

CREATE TABLE workflows (
  id              uuid PRIMARY KEY,
  name            text        NOT NULL,
  state           text        NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  priority        integer     NOT NULL DEFAULT 0,
  labels          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at      timestamptz NOT NULL,
  started_at      timestamptz,
  finished_at     timestamptz
);
-- Same key twice returns the first workflow; the unique index settles concurrent submissions.
CREATE UNIQUE INDEX workflows_idempotency_key ON workflows (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- List by state, newest first (the unfiltered list walks the primary key backwards).
CREATE INDEX workflows_state_id ON workflows (state, id DESC);
CREATE INDEX workflows_created_at ON workflows (created_at);

CREATE TABLE jobs (
  id           uuid PRIMARY KEY,
  workflow_id  uuid        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  position     integer     NOT NULL,
  name         text        NOT NULL,
  type         text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('BLOCKED', 'QUEUED', 'RUNNING', 'RETRY_WAIT',
                                                     'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED')),
  attempt      integer     NOT NULL DEFAULT 0,
  -- attempt count when the current run began (a workflow retry moves it)
  attempt_base integer     NOT NULL DEFAULT 0,
  -- dependencies not yet SUCCEEDED: finishing a job decrements its dependants' counts
  pending_deps integer     NOT NULL DEFAULT 0,
  depends_on   text[]      NOT NULL DEFAULT '{}',
  queue        text        NOT NULL,
  priority     integer     NOT NULL DEFAULT 0,
  payload      jsonb,
  retry        jsonb       NOT NULL,
  timeout_ms   bigint      NOT NULL,
  worker_id    text,
  result       jsonb,
  error        text,
  created_at   timestamptz NOT NULL,
  queued_at    timestamptz,
  started_at   timestamptz,
  finished_at  timestamptz,
  retry_at     timestamptz,
  deadline     timestamptz,
  UNIQUE (workflow_id, name)
);
CREATE INDEX jobs_workflow_position ON jobs (workflow_id, position);
CREATE INDEX jobs_queued ON jobs (id) WHERE state = 'QUEUED';
CREATE INDEX jobs_running_worker ON jobs (worker_id) WHERE state = 'RUNNING';
CREATE INDEX jobs_retry_wait ON jobs (retry_at) WHERE state = 'RETRY_WAIT';

-- Dependency edges by id, so that a finished job finds its dependants without a search.
CREATE TABLE job_dependencies (
  job_id            uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  depends_on_job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, depends_on_job_id)
);
CREATE INDEX job_dependencies_upstream ON job_dependencies (depends_on_job_id);

CREATE TABLE workers (
  id             text PRIMARY KEY,
  name           text        NOT NULL,
  queues         text[]      NOT NULL DEFAULT '{}',
  types          text[]      NOT NULL DEFAULT '{}',
  concurrency    integer     NOT NULL,
  coordinator_id text,
  connected_at   timestamptz NOT NULL,
  last_heartbeat timestamptz,
  removed_at     timestamptz
);

-- One row per attempt: who ran it, for whom, its lease (deadline) and how it ended.
CREATE TABLE job_assignments (
  job_id         uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  attempt        integer     NOT NULL,
  workflow_id    uuid        NOT NULL,
  job_type       text        NOT NULL,
  worker_id      text        NOT NULL,
  coordinator_id text,
  queued_at      timestamptz,
  assigned_at    timestamptz NOT NULL,
  deadline       timestamptz,
  finished_at    timestamptz,
  outcome        text CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'LOST')),
  error          text,
  PRIMARY KEY (job_id, attempt)
);
CREATE INDEX job_assignments_finished_at ON job_assignments (finished_at);
CREATE INDEX job_assignments_assigned_at ON job_assignments (assigned_at);
CREATE INDEX job_assignments_worker ON job_assignments (worker_id, assigned_at);

-- Append-only audit trail of every transition (and of rejected reports).
CREATE TABLE workflow_events (
  seq            bigserial PRIMARY KEY,
  workflow_id    uuid        NOT NULL,
  job_id         uuid,
  kind           text        NOT NULL,
  from_state     text,
  to_state       text,
  attempt        integer,
  worker_id      text,
  coordinator_id text,
  at             timestamptz NOT NULL,
  details        jsonb
);
CREATE INDEX workflow_events_workflow_seq ON workflow_events (workflow_id, seq);
