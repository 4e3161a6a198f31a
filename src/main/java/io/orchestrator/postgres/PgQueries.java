package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Page;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Recovery;
import io.orchestrator.ports.RetryTimer;
import io.orchestrator.ports.RunningAttempt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The read side: snapshots, lists, the audit trail, and what recovery and sweeping need. */
final class PgQueries {
  private static final String QUEUED_JOB_COLUMNS = "j.id, j.workflow_id, j.queue, j.type, j.priority, w.priority AS wf_priority";
  private static final String RUNNING_COLUMNS = "j.id, j.workflow_id, j.attempt, j.worker_id, j.deadline, j.timeout_ms";

  private final Transactions tx;

  PgQueries(Transactions tx) {
    this.tx = tx;
  }

  Future<Workflow> workflow(UUID id) {
    return workflowWhere("w.id = $1", Tuple.of(id));
  }

  Future<Workflow> workflowByKey(String key) {
    return workflowWhere("w.idempotency_key = $1", Tuple.of(key));
  }

  private Future<Workflow> workflowWhere(String condition, Tuple args) {
    return tx.single("workflow", pool -> pool
        .preparedQuery("SELECT " + Rows.WORKFLOW_COLUMNS + " FROM workflows w WHERE " + condition)
        .execute(args)
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Workflow workflow = Rows.workflow(rows.iterator().next());
          return jobsOf(pool, workflow.id()).map(workflow::withJobs);
        }));
  }

  private static Future<List<Job>> jobsOf(io.vertx.sqlclient.Pool pool, UUID workflowId) {
    return pool.preparedQuery("SELECT " + Rows.JOB_COLUMNS + " FROM jobs j WHERE j.workflow_id = $1 ORDER BY j.position")
        .execute(Tuple.of(workflowId))
        .map(rows -> list(rows, Rows::job));
  }

  /** Newest first by id (UUIDv7 is time-ordered); the cursor is the last id shown, encoded. */
  Future<Page<Workflow>> workflows(WorkflowState state, int limit, String cursor) {
    UUID after;
    try {
      after = cursor == null ? null : UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid cursor"));
    }
    int size = Math.max(1, limit);
    List<String> conditions = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (state != null) {
      args.addValue(state.name());
      conditions.add("w.state = $" + args.size());
    }
    if (after != null) {
      args.addValue(after);
      conditions.add("w.id < $" + args.size());
    }
    args.addValue(size + 1);
    String sql = "SELECT " + Rows.WORKFLOW_COLUMNS + " FROM workflows w"
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
        + " ORDER BY w.id DESC LIMIT $" + args.size();
    return tx.single("workflows", pool -> pool.preparedQuery(sql).execute(args)).map(rows -> {
      List<Workflow> items = list(rows, Rows::workflow);
      String next = null;
      if (items.size() > size) {
        items = new ArrayList<>(items.subList(0, size));
        next = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(items.get(size - 1).id().toString().getBytes(StandardCharsets.UTF_8));
      }
      return new Page<>(items, next);
    });
  }

  Future<Job> job(UUID id) {
    return tx.single("job", pool -> pool.preparedQuery("SELECT " + Rows.JOB_COLUMNS + " FROM jobs j WHERE j.id = $1")
        .execute(Tuple.of(id))).map(rows -> rows.size() == 0 ? null : Rows.job(rows.iterator().next()));
  }

  Future<List<AuditEvent>> events(UUID workflowId) {
    return tx.single("events", pool -> pool
        .preparedQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM workflow_events WHERE workflow_id = $1 ORDER BY seq")
        .execute(Tuple.of(workflowId))
        .compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(list(rows, Rows::event));
          }
          return pool.preparedQuery("SELECT 1 FROM workflows WHERE id = $1").execute(Tuple.of(workflowId))
              .map(found -> found.size() == 0 ? null : List.<AuditEvent>of());
        }));
  }

  Future<List<RunningAttempt>> runningOn(String workerId) {
    return tx.single("runningOn", pool -> pool
        .preparedQuery("SELECT " + RUNNING_COLUMNS + " FROM jobs j WHERE j.state = 'RUNNING' AND j.worker_id = $1 ORDER BY j.id")
        .execute(Tuple.of(workerId))).map(rows -> list(rows, Rows::running));
  }

  Future<List<QueuedJob>> queued(int limit) {
    return tx.single("queued", pool -> pool
        .preparedQuery("SELECT " + QUEUED_JOB_COLUMNS + " FROM jobs j JOIN workflows w ON w.id = j.workflow_id "
            + "WHERE j.state = 'QUEUED' ORDER BY j.id LIMIT $1")
        .execute(Tuple.of(Math.max(0, limit)))).map(rows -> list(rows, Rows::queued));
  }

  Future<List<RunningAttempt>> overdue(Instant now, int limit) {
    return tx.single("overdue", pool -> pool.preparedQuery("SELECT " + RUNNING_COLUMNS + " FROM jobs j"
        + " WHERE j.state = 'RUNNING' AND j.deadline < $1 ORDER BY j.deadline LIMIT $2")
        .execute(Tuple.of(Rows.ts(now), limit))).map(rows -> list(rows, Rows::running));
  }

  Future<Recovery> recovery() {
    Future<List<QueuedJob>> queued = tx.single("recovery", pool -> pool
        .query("SELECT " + QUEUED_JOB_COLUMNS + " FROM jobs j JOIN workflows w ON w.id = j.workflow_id "
            + "WHERE j.state = 'QUEUED' ORDER BY j.id").execute()).map(rows -> list(rows, Rows::queued));
    Future<List<RunningAttempt>> running = tx.single("recovery", pool -> pool
        .query("SELECT " + RUNNING_COLUMNS + " FROM jobs j WHERE j.state = 'RUNNING' ORDER BY j.id").execute())
        .map(rows -> list(rows, Rows::running));
    Future<List<RetryTimer>> retries = tx.single("recovery", pool -> pool
        .query("SELECT j.id, j.retry_at FROM jobs j WHERE j.state = 'RETRY_WAIT' ORDER BY j.retry_at, j.id").execute())
        .map(rows -> list(rows, row -> new RetryTimer(row.getUUID("id"), Rows.instant(row, "retry_at"))));
    return Future.all(queued, running, retries)
        .map(done -> new Recovery(queued.result(), running.result(), retries.result()));
  }

  static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(mapper.apply(row));
    }
    return items;
  }
}
