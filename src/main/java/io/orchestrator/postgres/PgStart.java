package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.StartAttempt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts a batch of attempts in ONE statement (so one implicit transaction, one round trip): the
 * fenced multi-row update, the attempt rows, the audit rows and each job's inputs (its
 * dependencies' results, by name). Rows are locked in id order so concurrent batches cannot deadlock.
 */
final class PgStart {
  // Each CTE is read once, in a scan or by key: an earlier form joined CTEs to each other, and the
  // planner, which guesses one row for a CTE that modifies data, nested them (a batch of n jobs cost n²).
  private static final String START = "WITH locked AS ("
      // "id = ANY" everywhere: the planner looks the jobs up by key instead of scanning every QUEUED job.
      + "  SELECT j.id, s.worker_id FROM jobs j JOIN ("
      + "   SELECT DISTINCT ON (id) id, worker_id FROM unnest($1::uuid[], $2::text[]) AS s(id, worker_id) ORDER BY id) s"
      + "  ON s.id = j.id WHERE j.id = ANY($1::uuid[]) AND j.state = 'QUEUED' ORDER BY j.id FOR UPDATE OF j),"
      + " up AS ("
      + "  UPDATE jobs j SET state = 'RUNNING', attempt = j.attempt + 1, worker_id = l.worker_id, started_at = $3::timestamptz,"
      + "   deadline = $3::timestamptz + j.timeout_ms * interval '1 millisecond', finished_at = NULL, retry_at = NULL"
      // "id = ANY" here too: without it a plan made while few jobs were queued scanned all of
      // jobs_queued (dead entries included) for every batch, 226 ms in a workflow of 40,000 jobs.
      + "  FROM locked l WHERE j.id = ANY($1::uuid[]) AND j.id = l.id AND j.state = 'QUEUED'"
      + "  RETURNING j.id, j.workflow_id, j.name, j.type, j.queue, j.payload, j.timeout_ms, j.attempt, j.worker_id,"
      + "   j.deadline, j.queued_at),"
      + " a AS ("
      + "  INSERT INTO job_assignments (job_id, attempt, workflow_id, job_type, worker_id, coordinator_id, queued_at,"
      + "   assigned_at, deadline)"
      + "  SELECT id, attempt, workflow_id, type, worker_id, $4, queued_at, $3, deadline FROM up),"
      + " e AS ("
      + "  INSERT INTO workflow_events (workflow_id, job_id, kind, from_state, to_state, attempt, worker_id,"
      + "   coordinator_id, at)"
      + "  SELECT workflow_id, id, '" + AuditEvent.JOB_STATE + "', 'QUEUED', 'RUNNING', attempt, worker_id, $4, $3"
      + "  FROM up ORDER BY id)"
      + " SELECT up.*,"
      + "  (SELECT jsonb_object_agg(p.name, p.result) FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_job_id"
      + "   WHERE d.job_id = up.id) AS inputs,"
      // A dependant whose only open dependency is this job: this job's success releases it.
      + "  EXISTS (SELECT 1 FROM job_dependencies d JOIN jobs w ON w.id = d.job_id"
      + "   WHERE d.depends_on_job_id = up.id AND w.pending_deps = 1) AS releases_dependant"
      + " FROM up";

  private final Transactions tx;
  private final String coordinatorId;

  PgStart(Transactions tx, String coordinatorId) {
    this.tx = tx;
    this.coordinatorId = coordinatorId;
  }

  Future<List<Assignment>> start(List<StartAttempt> starts, Instant now) {
    if (starts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple args = args(starts, now);
    return tx.single("start", pool -> pool.preparedQuery(START).execute(args)).map(rows -> assignments(rows, starts));
  }

  /** The same start inside a transaction the caller holds (a report's local fast path, PgReport). */
  Future<List<Assignment>> startIn(SqlConnection connection, List<StartAttempt> starts, Instant now) {
    if (starts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return connection.preparedQuery(START).execute(args(starts, now)).map(rows -> assignments(rows, starts));
  }

  private Tuple args(List<StartAttempt> starts, Instant now) {
    UUID[] ids = new UUID[starts.size()];
    String[] workers = new String[starts.size()];
    for (int i = 0; i < starts.size(); i++) {
      ids[i] = starts.get(i).jobId();
      workers[i] = starts.get(i).workerId();
    }
    return Tuple.tuple().addValue(ids).addValue(workers).addValue(Rows.ts(now)).addValue(coordinatorId);
  }

  private static List<Assignment> assignments(RowSet<Row> rows, List<StartAttempt> starts) {
    Map<UUID, Assignment> started = new HashMap<>();
    Columns columns = new Columns(rows);
    int id = columns.of("id");
    int workflowId = columns.of("workflow_id");
    int name = columns.of("name");
    int attempt = columns.of("attempt");
    int type = columns.of("type");
    int queue = columns.of("queue");
    int payload = columns.of("payload");
    int inputsAt = columns.of("inputs");
    int timeoutMs = columns.of("timeout_ms");
    int workerId = columns.of("worker_id");
    int deadline = columns.of("deadline");
    int releasesDependant = columns.of("releases_dependant");
    for (Row row : rows) {
      JsonObject inputs = row.getJsonObject(inputsAt);
      UUID jobId = row.getUUID(id);
      started.put(jobId, new Assignment(
          jobId, row.getUUID(workflowId), row.getString(name), row.getInteger(attempt),
          row.getString(type), row.getString(queue), row.getJsonObject(payload),
          inputs == null ? new JsonObject() : inputs, row.getLong(timeoutMs), row.getString(workerId),
          Rows.instant(row, deadline), row.getBoolean(releasesDependant)));
    }
    // In the order asked for; a job asked for twice is started once.
    List<Assignment> ordered = new ArrayList<>(started.size());
    for (StartAttempt start : starts) {
      Assignment assignment = started.remove(start.jobId());
      if (assignment != null) {
        ordered.add(assignment);
      }
    }
    return ordered;
  }
}
