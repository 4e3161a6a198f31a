-- Cheaper analyses (issue 6; measured in docs/performance.md, eleventh round).
--
-- The planner's statistics of the JSON documents and free text (payloads, retry policies, results,
-- labels, details, errors, dependency names) serve no statement: none filters, joins or sorts on them,
-- and a filter on a document's field (payload->>'x') is estimated without them anyway. They were most
-- of what ANALYZE does on jobs (20,000 rows: 62 ms with them, 25 ms without), and the coordinators
-- analyse the hot tables each time they double while they grow (postgres/StatisticsKeeper), as
-- autovacuum does later. A statistics target of 0 leaves a column out of every analysis. Only a
-- SHARE UPDATE EXCLUSIVE lock: reads and writes go on meanwhile.
ALTER TABLE jobs
  ALTER COLUMN payload SET STATISTICS 0,
  ALTER COLUMN retry SET STATISTICS 0,
  ALTER COLUMN result SET STATISTICS 0,
  ALTER COLUMN error SET STATISTICS 0,
  ALTER COLUMN depends_on SET STATISTICS 0;
ALTER TABLE workflows ALTER COLUMN labels SET STATISTICS 0;
ALTER TABLE job_assignments ALTER COLUMN error SET STATISTICS 0;
ALTER TABLE workflow_events ALTER COLUMN details SET STATISTICS 0;
