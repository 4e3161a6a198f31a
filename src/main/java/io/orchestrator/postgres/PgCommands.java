package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Outcome;
import io.orchestrator.ports.QueuedJob;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** Workflow commands (cancel, retry) and the release of due retries; each one transaction. */
final class PgCommands {
  static final String CANCEL_REASON = "workflow cancelled";

  private static final String LOCK_WORKFLOW = "SELECT state, priority FROM workflows WHERE id = $1 FOR UPDATE";

  private static final String RELEASE_DUE = "WITH due AS ("
      + "  SELECT id FROM jobs WHERE state = 'RETRY_WAIT' AND retry_at <= $1 ORDER BY id FOR UPDATE),"
      + " up AS (UPDATE jobs j SET state = 'QUEUED', queued_at = $2::timestamptz, retry_at = NULL FROM due"
      + "  WHERE j.id = due.id AND j.state = 'RETRY_WAIT'"
      + "  RETURNING j.id, j.workflow_id, j.queue, j.type, j.priority, j.attempt),"
      + " e AS (INSERT INTO workflow_events (workflow_id, job_id, kind, from_state, to_state, attempt, coordinator_id, at)"
      + "  SELECT workflow_id, id, '" + AuditEvent.JOB_STATE + "', 'RETRY_WAIT', 'QUEUED', attempt, $3, $2 FROM up"
      + "  ORDER BY id RETURNING seq, job_id)"
      + " SELECT up.*, w.priority AS wf_priority, e.seq FROM up JOIN workflows w ON w.id = up.workflow_id"
      + " JOIN e ON e.job_id = up.id ORDER BY e.seq";

  private static final String CANCEL_JOBS = "WITH old AS ("
      + "  SELECT id, state, attempt, worker_id FROM jobs WHERE workflow_id = $1"
      + "  AND state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED') ORDER BY id FOR UPDATE),"
      + " up AS (UPDATE jobs j SET state = 'CANCELLED', finished_at = $2::timestamptz, retry_at = NULL, deadline = NULL"
      + "  FROM old WHERE j.id = old.id),"
      + " a AS (UPDATE job_assignments a SET outcome = 'CANCELLED', finished_at = $2, error = $3 FROM old"
      + "  WHERE old.state = 'RUNNING' AND a.job_id = old.id AND a.attempt = old.attempt AND a.outcome IS NULL)"
      + " SELECT * FROM old ORDER BY id";

  private static final String END_WORKFLOW = "UPDATE workflows SET state = $2, finished_at = $3 WHERE id = $1";

  private static final String WORKFLOW_JOBS = "SELECT id, name, depends_on, state, attempt, queue, type, priority"
      + " FROM jobs WHERE workflow_id = $1 ORDER BY position";

  private static final String RESET_JOBS = "UPDATE jobs j SET state = u.state, attempt_base = j.attempt,"
      + " pending_deps = u.pending, result = NULL, error = NULL, finished_at = NULL, retry_at = NULL,"
      + " deadline = NULL, queued_at = CASE WHEN u.state = 'QUEUED' THEN $3::timestamptz ELSE j.queued_at END"
      + " FROM unnest($1::uuid[], $2::text[], $4::int[]) AS u(id, state, pending)"
      + " WHERE j.id = u.id AND j.state IN ('FAILED', 'CANCELLED', 'SKIPPED')";

  private static final String REOPEN_WORKFLOW = "UPDATE workflows SET state = 'RUNNING', finished_at = NULL WHERE id = $1";

  private final Transactions tx;
  private final String coordinatorId;

  PgCommands(Transactions tx, String coordinatorId) {
    this.tx = tx;
    this.coordinatorId = coordinatorId;
  }

  Future<Effects> releaseDueRetries(Instant due, Instant now) {
    Tuple args = Tuple.tuple().addValue(Rows.ts(due)).addValue(Rows.ts(now)).addValue(coordinatorId);
    return tx.single("releaseDueRetries", pool -> pool.preparedQuery(RELEASE_DUE).execute(args)).map(rows -> {
      Effects effects = new Effects();
      for (Row row : rows) {
        effects.ready.add(Rows.queued(row));
        effects.changes.add(new AuditEvent(row.getLong("seq"), row.getUUID("workflow_id"), row.getUUID("id"),
            AuditEvent.JOB_STATE, "RETRY_WAIT", "QUEUED", row.getInteger("attempt"), null, coordinatorId,
            Rows.micros(now), null));
      }
      return effects;
    });
  }

  Future<Outcome> cancel(UUID workflowId, Instant now) {
    return onWorkflow("cancel", workflowId, now, (connection, locked) -> {
      WorkflowState state = WorkflowState.valueOf(locked.getString("state"));
      if (state != WorkflowState.RUNNING) {
        return Future.succeededFuture(Outcome.conflict("workflow " + workflowId + " is " + state + ", not RUNNING"));
      }
      AuditRows audit = new AuditRows(coordinatorId, now);
      Effects effects = new Effects();
      Tuple args = Tuple.tuple().addValue(workflowId).addValue(Rows.ts(now)).addValue(CANCEL_REASON);
      Future<io.vertx.sqlclient.RowSet<Row>> jobs = connection.preparedQuery(CANCEL_JOBS).execute(args);
      Future<?> workflow = connection.preparedQuery(END_WORKFLOW)
          .execute(Tuple.of(workflowId, WorkflowState.CANCELLED.name(), Rows.ts(now)));
      return Future.all(jobs, workflow).compose(done -> {
        for (Row row : jobs.result()) {
          UUID jobId = row.getUUID("id");
          boolean running = "RUNNING".equals(row.getString("state"));
          int attempt = row.getInteger("attempt");
          String worker = running ? row.getString("worker_id") : null;
          if (running) {
            effects.cancels.add(new Effects.CancelOrder(jobId, attempt, worker, CANCEL_REASON));
          }
          audit.add(workflowId, jobId, AuditEvent.JOB_STATE, row.getString("state"), JobState.CANCELLED.name(),
              attempt, worker, new JsonObject().put("reason", CANCEL_REASON));
        }
        audit.workflow(workflowId, WorkflowState.RUNNING.name(), WorkflowState.CANCELLED.name());
        effects.finished.add(new Effects.Finished(workflowId, WorkflowState.CANCELLED.name()));
        return finish(connection, audit, effects);
      });
    });
  }

  Future<Outcome> retry(UUID workflowId, Instant now) {
    return onWorkflow("retry", workflowId, now, (connection, locked) -> {
      WorkflowState state = WorkflowState.valueOf(locked.getString("state"));
      if (state != WorkflowState.FAILED && state != WorkflowState.CANCELLED) {
        return Future.succeededFuture(
            Outcome.conflict("workflow " + workflowId + " is " + state + ", not FAILED or CANCELLED"));
      }
      int workflowPriority = locked.getInteger("priority");
      return connection.preparedQuery(WORKFLOW_JOBS).execute(Tuple.of(workflowId)).compose(rows -> {
        Map<String, JobState> stateByName = new HashMap<>();
        rows.forEach(row -> stateByName.put(row.getString("name"), JobState.valueOf(row.getString("state"))));
        AuditRows audit = new AuditRows(coordinatorId, now);
        audit.workflow(workflowId, state.name(), WorkflowState.RUNNING.name());
        Effects effects = new Effects();
        List<UUID> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        for (Row row : rows) {
          JobState from = JobState.valueOf(row.getString("state"));
          if (!from.isRetriable()) {
            continue;
          }
          int unfinished = 0;
          for (String dependency : row.getArrayOfStrings("depends_on")) {
            unfinished += stateByName.get(dependency) == JobState.SUCCEEDED ? 0 : 1;
          }
          JobState to = Decider.initialState(unfinished);
          UUID jobId = row.getUUID("id");
          ids.add(jobId);
          states.add(to.name());
          pending.add(unfinished);
          audit.job(workflowId, jobId, from.name(), to.name(), row.getInteger("attempt"), null);
          if (to == JobState.QUEUED) {
            effects.ready.add(new QueuedJob(jobId, workflowId, row.getString("queue"), row.getString("type"),
                workflowPriority, row.getInteger("priority")));
          }
        }
        Tuple args = Tuple.tuple().addValue(ids.toArray(new UUID[0])).addValue(states.toArray(new String[0]))
            .addValue(Rows.ts(now)).addValue(pending.toArray(new Integer[0]));
        Future<?> reset = connection.preparedQuery(RESET_JOBS).execute(args);
        Future<?> reopen = connection.preparedQuery(REOPEN_WORKFLOW).execute(Tuple.of(workflowId));
        return Future.all(reset, reopen).compose(done -> finish(connection, audit, effects));
      });
    });
  }

  /** Locks the workflow row for the whole transaction; NOT_FOUND when there is none. */
  private Future<Outcome> onWorkflow(String operation, UUID workflowId, Instant now,
      BiFunction<SqlConnection, Row, Future<Outcome>> work) {
    return tx.run(operation, connection -> connection.preparedQuery(LOCK_WORKFLOW).execute(Tuple.of(workflowId))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(Outcome.notFound("workflow " + workflowId + " not found"))
            : work.apply(connection, rows.iterator().next())));
  }

  private static Future<Outcome> finish(SqlConnection connection, AuditRows audit, Effects effects) {
    return audit.write(connection).map(events -> {
      effects.changes.addAll(events);
      return Outcome.ok(effects);
    });
  }
}
