-- Submissions without row triggers (issue 6; measured in docs/performance.md, fifth round).
--
-- A workflow's jobs and dependency edges are only ever inserted by the statement that submits the
-- workflow, in the transaction that inserts the workflow, from the jobs that statement inserts
-- (postgres/PgSubmit), and nothing deletes them. The foreign keys checked that again for every
-- row: one lookup and one row lock per job (on its workflow) and two per edge (on both jobs), as
-- after-row triggers. A fan-out of 50 jobs and 100 edges ran 250 of them.
-- Deleting a workflow by hand now deletes its rows from each table in turn (docs/operations.md).
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_workflow_id_fkey;
ALTER TABLE job_dependencies DROP CONSTRAINT IF EXISTS job_dependencies_job_id_fkey;
ALTER TABLE job_dependencies DROP CONSTRAINT IF EXISTS job_dependencies_depends_on_job_id_fkey;
