package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.StartAttempt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies a batch of reports in ONE transaction; every job change is a fenced conditional update.
 * The workflows concerned are locked first, in id order (no deadlock between batches), in one of
 * two modes:
 * <ul>
 *   <li>a batch with a failure, a timeout or a lost attempt locks them {@code FOR UPDATE}: it may
 *       skip dependants, so it runs alone on its workflows, as cancel and retry do;</li>
 *   <li>a batch of completions only locks them {@code FOR KEY SHARE}, which keeps cancel, retry and
 *       failing batches out but not other completions, and takes {@code FOR NO KEY UPDATE} (in id
 *       order again) only after its job updates, just before the finish probe: completions of one
 *       workflow's siblings overlap up to there, and the probe of the later one still sees the
 *       earlier one committed. The dependants they both decrement are locked in id order.</li>
 * </ul>
 * See docs/architecture.md, "Report batches and the workflow lock". Statements per batch, whatever
 * its size: lock + read (pipelined), job update + attempt update + dependants' decrement and release
 * (+ the late lock) + finish probe + audit insert (pipelined), then only when needed: skip (read +
 * update), the finish, the rest of the audit rows, the fast path's start.
 */
final class PgReport {
  private static final String LOCK_WORKFLOWS = lockWorkflowsOfJobs("FOR UPDATE");

  private static final String SHARE_WORKFLOWS = lockWorkflowsOfJobs("FOR KEY SHARE");

  // The late lock of a batch of completions: what serialises the finish probes of one workflow.
  private static final String CLAIM_WORKFLOWS = "SELECT id FROM workflows WHERE id = ANY($1) ORDER BY id"
      + " FOR NO KEY UPDATE";

  static final String READ_JOBS = "SELECT j.id, j.workflow_id, j.name, j.type, j.queue, j.priority, j.state,"
      // The retry policy as text: only a failure parses it (ReportPlan.JobView.retry).
      + " j.attempt, j.attempt_base, j.worker_id, j.retry::text AS retry, w.priority AS wf_priority,"
      + " x.one IS NOT NULL AS has_dependants"
      + " FROM jobs j JOIN workflows w ON w.id = j.workflow_id"
      // One probe of the edges' index per job, whatever the statistics say. Written as EXISTS, a generic plan
      // made while job_dependencies was small read the whole table into a hash on every call once it had
      // grown (13,500 edges for a batch of 50 jobs, 2 ms, in durable W3: docs/performance.md, eleventh round).
      + " LEFT JOIN LATERAL (SELECT 1 AS one FROM job_dependencies d WHERE d.depends_on_job_id = j.id LIMIT 1) x"
      + " ON true WHERE j.id = ANY($1)";

  // The fence's state comes as a parameter ($10, always RUNNING): written as a constant, it matches the
  // predicate of jobs_running_worker, and a generic plan made while few jobs ran scanned that whole index
  // (dead entries included) instead of looking the jobs up by id; 33 ms instead of 2 per batch.
  private static final String UPDATE_JOBS = "UPDATE jobs j SET state = u.state, result = u.result::jsonb,"
      + " error = u.error, finished_at = u.finished_at, retry_at = u.retry_at,"
      + " queued_at = coalesce(u.queued_at, j.queued_at), deadline = NULL"
      + " FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],"
      + " $8::timestamptz[], $9::timestamptz[]) AS u(id, attempt, worker_id, state, result, error, finished_at,"
      + " retry_at, queued_at)"
      + " WHERE j.id = ANY($1::uuid[]) AND j.id = u.id AND j.state = $10 AND j.attempt = u.attempt"
      + " AND j.worker_id = u.worker_id"
      + " RETURNING j.id";

  private static final String UPDATE_ATTEMPTS = "UPDATE job_assignments a SET finished_at = $1, outcome = u.outcome,"
      + " error = u.error FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[]) AS u(id, attempt, outcome, error)"
      + " WHERE a.job_id = ANY($2::uuid[]) AND a.job_id = u.id AND a.attempt = u.attempt";

  // Aggregated per dependant, so that two dependencies finishing in one batch count twice. A BLOCKED
  // dependant whose count reaches zero is released (QUEUED) by the same update, the rule of
  // Decider.isReleased written in SQL: one row version, not two. SET sees the row before the update,
  // RETURNING after it; only a BLOCKED job can have dependencies left, so a returned row that is
  // QUEUED with none left is one this update released. The dependants are locked first, in id order
  // (a locking CTE is materialised, and sorts before it locks): two batches of completions decrement
  // the joins of the same workflows at once, and an update's own order would follow its join plan.
  private static final String DECREMENT_AND_RELEASE = "WITH d AS (SELECT job_id, count(*)::int AS n"
      + " FROM job_dependencies WHERE depends_on_job_id = ANY($1) GROUP BY job_id),"
      + " l AS MATERIALIZED (SELECT id FROM jobs WHERE id IN (SELECT job_id FROM d) ORDER BY id FOR UPDATE)"
      + " UPDATE jobs j SET pending_deps = j.pending_deps - d.n,"
      + " state = CASE WHEN j.state = 'BLOCKED' AND j.pending_deps = d.n THEN 'QUEUED' ELSE j.state END,"
      + " queued_at = CASE WHEN j.state = 'BLOCKED' AND j.pending_deps = d.n THEN $2 ELSE j.queued_at END"
      + " FROM d, l WHERE j.id = d.job_id AND l.id = d.job_id"
      + " RETURNING j.id, j.workflow_id, j.state, j.pending_deps, j.queue, j.type, j.priority, j.attempt";

  private static final String WORKFLOW_JOBS = "SELECT id, workflow_id, name, depends_on, state, attempt FROM jobs"
      + " WHERE workflow_id = ANY($1)";

  private static final String SKIP = "UPDATE jobs SET state = 'SKIPPED', finished_at = $2 WHERE id = ANY($1)"
      + " AND state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED') RETURNING id";

  // Takes the fence row's lock for the transaction: fenced batches of one lease are serialised, and a
  // token lower than one already recorded matches no row.
  private static final String FENCE = "INSERT INTO lease_fences (name, token) VALUES ($1, $2)"
      + " ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token WHERE lease_fences.token <= EXCLUDED.token"
      + " RETURNING token";

  private final Transactions tx;
  private final String coordinatorId;
  private final PgStart starts;

  /** Locks the workflows of the reported jobs ($1), in id order, with {@code strength}. */
  private static String lockWorkflowsOfJobs(String strength) {
    return "SELECT id FROM workflows WHERE id IN (SELECT workflow_id FROM jobs WHERE id = ANY($1)) ORDER BY id "
        + strength;
  }

  PgReport(Transactions tx, String coordinatorId, PgStart starts) {
    this.tx = tx;
    this.coordinatorId = coordinatorId;
    this.starts = starts;
  }

  Future<ReportBatch> report(List<Report> reports, Instant now) {
    return report(reports, EagerStarts.NONE, now);
  }

  /** The batch, and the local fast path: released dependants started on the slots {@code eager} offers. */
  Future<ReportBatch> report(List<Report> reports, EagerStarts eager, Instant now) {
    if (reports.isEmpty()) {
      return Future.succeededFuture(new ReportBatch(List.of(), new Effects()));
    }
    Instant at = Rows.micros(now);
    return tx.run("report", connection -> run(connection, reports, at, eager));
  }

  /** The batch under a lease: rejected whole when a newer grant of the lease was recorded. */
  Future<ReportBatch> report(List<Report> reports, Lease lease, Instant now) {
    Instant at = Rows.micros(now);
    return tx.run("report", connection -> connection.preparedQuery(FENCE)
        .execute(Tuple.of(lease.name(), lease.fencingToken()))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(ReportResult.staleLease(reports, lease))
            : reports.isEmpty() ? Future.succeededFuture(new ReportBatch(List.of(), new Effects()))
            : run(connection, reports, at, EagerStarts.NONE)));
  }

  private Future<ReportBatch> run(SqlConnection connection, List<Report> reports, Instant now, EagerStarts eager) {
    UUID[] ids = reports.stream().map(Report::jobId).distinct().toArray(UUID[]::new);
    Tuple byIds = Tuple.tuple().addValue(ids);
    boolean completionsOnly = reports.stream().allMatch(report -> report.kind() == Report.Kind.COMPLETE);
    Future<RowSet<Row>> locked = connection.preparedQuery(completionsOnly ? SHARE_WORKFLOWS : LOCK_WORKFLOWS)
        .execute(byIds);
    // Pipelined behind the lock: its snapshot is taken after the locks are held.
    Future<RowSet<Row>> read = connection.preparedQuery(READ_JOBS).execute(byIds);
    return Future.all(locked, read).compose(done -> {
      Map<UUID, ReportPlan.JobView> jobs = new HashMap<>();
      ReportPlan.JobView.Reader columns = new ReportPlan.JobView.Reader(read.result());
      for (Row row : read.result()) {
        ReportPlan.JobView job = new ReportPlan.JobView(row, columns);
        jobs.put(job.id, job);
      }
      AuditRows audit = new AuditRows(coordinatorId, now);
      ReportPlan plan = new ReportPlan(reports, jobs, now, audit);
      List<AuditEvent> events = new ArrayList<>();
      Future<RowSet<Row>> decremented = applyTransitions(connection, plan, now);
      // A batch of completions takes its workflows' own lock only now, behind its job updates and before
      // the probe, whose snapshot is then taken after every earlier batch of these workflows committed.
      Future<RowSet<Row>> claimed = completionsOnly && !plan.touchedWorkflows.isEmpty()
          ? connection.preparedQuery(CLAIM_WORKFLOWS)
              .execute(Tuple.tuple().addValue(plan.touchedWorkflows.toArray(new UUID[0])))
          : Future.succeededFuture();
      // Without a job failed for good nothing is skipped, and the decrement's release turns BLOCKED into
      // QUEUED (both open): the finish probe can go in the same pipeline as the updates, and so can the audit rows
      // planned so far. With skips, the probe waits for them.
      boolean skips = !plan.failedForGood.isEmpty();
      Future<Map<UUID, Map<JobState, Integer>>> counts = skips
          ? Future.succeededFuture(Map.of()) : WorkflowFinish.counts(connection, plan.touchedWorkflows);
      Future<List<AuditEvent>> planned = audit.write(connection);
      return Future.all(decremented, claimed, counts, planned)
          .compose(v -> {
            events.addAll(planned.result());
            released(plan, jobs, decremented.result(), audit);
            if (skips) {
              return skip(connection, plan, now, audit)
                  .compose(x -> WorkflowFinish.finish(connection, plan.touchedWorkflows, now, audit, plan.effects));
            }
            // Pipelined: the end of finished workflows, the release's audit rows.
            Future<Void> finished = WorkflowFinish.finish(connection, counts.result(), now, audit, plan.effects);
            Future<List<AuditEvent>> releaseRows = audit.write(connection);
            return Future.all(finished, releaseRows).<Void>map(x -> {
              events.addAll(releaseRows.result());
              return null;
            });
          })
          .compose(v -> audit.write(connection)) // whatever the finish (and the skips) added
          .compose(rest -> {
            events.addAll(rest);
            return startReleased(connection, plan.effects, eager, now);
          })
          .map(v -> {
            // A rejected report changes no state: it is in the trail, not in the change feed.
            events.stream().filter(event -> !AuditEvent.REPORT_REJECTED.equals(event.kind()))
                .forEach(plan.effects.changes::add);
            return new ReportBatch(plan.results, plan.effects);
          });
    });
  }

  /** The fenced job update, the attempts' outcomes and the dependants' decrement, pipelined. */
  private Future<RowSet<Row>> applyTransitions(SqlConnection connection, ReportPlan plan, Instant now) {
    int n = plan.transitions.size();
    if (n == 0) {
      return Future.succeededFuture(null);
    }
    UUID[] ids = new UUID[n];
    Integer[] attempts = new Integer[n];
    String[] workers = new String[n];
    String[] states = new String[n];
    String[] results = new String[n];
    String[] errors = new String[n];
    OffsetDateTime[] finished = new OffsetDateTime[n];
    OffsetDateTime[] retryAt = new OffsetDateTime[n];
    OffsetDateTime[] queuedAt = new OffsetDateTime[n];
    String[] outcomes = new String[n];
    for (int i = 0; i < n; i++) {
      ReportPlan.Transition t = plan.transitions.get(i);
      ids[i] = t.jobId();
      attempts[i] = t.attempt();
      workers[i] = t.workerId();
      states[i] = t.state().name();
      results[i] = Rows.json(t.result());
      errors[i] = t.error();
      finished[i] = Rows.ts(t.finishedAt());
      retryAt[i] = Rows.ts(t.retryAt());
      queuedAt[i] = Rows.ts(t.queuedAt());
      outcomes[i] = t.outcome().name();
    }
    Future<RowSet<Row>> jobs = connection.preparedQuery(UPDATE_JOBS).execute(Tuple.tuple().addValue(ids)
        .addValue(attempts).addValue(workers).addValue(states).addValue(results).addValue(errors)
        .addValue(finished).addValue(retryAt).addValue(queuedAt).addValue(JobState.RUNNING.name()));
    Future<RowSet<Row>> attemptRows = connection.preparedQuery(UPDATE_ATTEMPTS).execute(Tuple.tuple()
        .addValue(Rows.ts(now)).addValue(ids).addValue(attempts).addValue(outcomes).addValue(errors));
    Future<RowSet<Row>> decrement = plan.completed.isEmpty()
        ? Future.succeededFuture(null)
        : connection.preparedQuery(DECREMENT_AND_RELEASE)
            .execute(Tuple.tuple().addValue(plan.completed.toArray(new UUID[0])).addValue(Rows.ts(now)));
    return Future.all(jobs, attemptRows, decrement).compose(done -> {
      if (jobs.result().rowCount() != n) {
        // The read and this update ran under the workflow locks, held shared by a batch of completions: a
        // writer that does not take them, or another batch reporting the same job at once, raced us. The
        // retry reads again and rejects what is no longer RUNNING.
        return Future.failedFuture(new SqlErrors.Retryable("fenced update matched "
            + jobs.result().rowCount() + " of " + n + " jobs"));
      }
      return Future.succeededFuture(decrement.result());
    });
  }

  /**
   * The local fast path: the released jobs that {@code eager} places start now, in this transaction,
   * after their release's audit rows (the start writes its own). They leave the effects' ready list.
   */
  private Future<Void> startReleased(SqlConnection connection, Effects effects, EagerStarts eager, Instant now) {
    List<StartAttempt> chosen = eager.choose(effects.ready);
    if (chosen.isEmpty()) {
      return Future.succeededFuture();
    }
    return starts.startIn(connection, chosen, now).map(started -> {
      effects.markStarted(started);
      return null;
    });
  }

  /** The dependants the decrement released (BLOCKED → QUEUED): their audit rows and their place in the queue. */
  private static void released(ReportPlan plan, Map<UUID, ReportPlan.JobView> reported, RowSet<Row> decremented,
      AuditRows audit) {
    if (decremented == null) {
      return;
    }
    Map<UUID, Integer> workflowPriority = new HashMap<>();
    reported.values().forEach(job -> workflowPriority.put(job.workflowId, job.workflowPriority));
    List<QueuedJob> released = new ArrayList<>();
    Map<UUID, Integer> attempts = new HashMap<>();
    for (Row row : decremented) {
      if (JobState.valueOf(row.getString("state")) == JobState.QUEUED && row.getInteger("pending_deps") == 0) {
        UUID workflowId = row.getUUID("workflow_id");
        attempts.put(row.getUUID("id"), row.getInteger("attempt"));
        released.add(new QueuedJob(row.getUUID("id"), workflowId, row.getString("queue"), row.getString("type"),
            workflowPriority.getOrDefault(workflowId, 0), row.getInteger("priority")));
      }
    }
    released.sort(null);
    for (QueuedJob job : released) {
      audit.job(job.workflowId(), job.jobId(), JobState.BLOCKED.name(), JobState.QUEUED.name(),
          attempts.get(job.jobId()), null);
      plan.effects.ready.add(job);
    }
  }

  /** Every job that depends, transitively, on a job that failed for good, and is not finished: SKIPPED. */
  private Future<Void> skip(SqlConnection connection, ReportPlan plan, Instant now, AuditRows audit) {
    if (plan.failedForGood.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] workflowIds = plan.failedForGood.stream().map(job -> job.workflowId).distinct().toArray(UUID[]::new);
    return connection.preparedQuery(WORKFLOW_JOBS).execute(Tuple.tuple().addValue(workflowIds)).compose(rows -> {
      Map<UUID, Map<String, List<String>>> graphs = new HashMap<>();
      Map<UUID, Map<String, Row>> byName = new HashMap<>();
      for (Row row : rows) {
        UUID wf = row.getUUID("workflow_id");
        graphs.computeIfAbsent(wf, k -> new HashMap<>()).put(row.getString("name"), List.of(row.getArrayOfStrings("depends_on")));
        byName.computeIfAbsent(wf, k -> new HashMap<>()).put(row.getString("name"), row);
      }
      Map<Row, String> toSkip = new java.util.LinkedHashMap<>();
      for (ReportPlan.JobView failed : plan.failedForGood) {
        for (String name : Decider.dependantsOf(graphs.get(failed.workflowId), failed.name)) {
          Row dependant = byName.get(failed.workflowId).get(name);
          if (!JobState.valueOf(dependant.getString("state")).isTerminal()) {
            toSkip.putIfAbsent(dependant, failed.name);
          }
        }
      }
      if (toSkip.isEmpty()) {
        return Future.succeededFuture();
      }
      UUID[] ids = toSkip.keySet().stream().map(row -> row.getUUID("id")).toArray(UUID[]::new);
      return connection.preparedQuery(SKIP).execute(Tuple.tuple().addValue(ids).addValue(Rows.ts(now)))
          .map(skipped -> {
            toSkip.forEach((row, upstream) -> audit.add(row.getUUID("workflow_id"), row.getUUID("id"),
                AuditEvent.JOB_STATE, row.getString("state"), JobState.SKIPPED.name(), row.getInteger("attempt"), null,
                new io.vertx.core.json.JsonObject().put("reason", "upstream " + upstream + " failed")));
            return null;
          });
    });
  }

}
