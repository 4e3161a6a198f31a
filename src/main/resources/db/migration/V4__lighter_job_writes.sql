-- Lighter writes on the hot path (issue 6; measured in docs/performance.md, "Schema V4").
--
-- 1. No write of a job is a HOT update (its state is indexed), so its insert, its start and its end
--    each add an entry to every index of jobs. jobs_workflow_position only served "the jobs of a
--    workflow in their order", which jobs_workflow_state and the unique (workflow_id, name) index
--    find as well, followed by a sort of that one workflow's jobs.
DROP INDEX IF EXISTS jobs_workflow_position;

-- 2. job_assignments is the history of attempts, like workflow_events: its rows are only ever
--    inserted by the statement that starts the attempt, from the job row that statement updates, so
--    the job always exists. The foreign key checked that again for every attempt (a lookup and a
--    row lock on jobs: a fifth of the start statement's time). Deleting a workflow by hand now
--    deletes its attempts with "DELETE FROM job_assignments WHERE workflow_id = ..." (docs/operations.md).
ALTER TABLE job_assignments DROP CONSTRAINT IF EXISTS job_assignments_job_id_fkey;
