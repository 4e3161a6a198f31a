package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit rows of one transaction, collected while it runs and written by multi-row inserts (one
 * per {@link #write}, usually one at its end); the returned events carry their sequence numbers
 * (for {@code Effects.changes}).
 */
final class AuditRows {
  // The coordinator and the time are the same for every row of one AuditRows: sent once, not as arrays.
  private static final String INSERT = "INSERT INTO workflow_events "
      + "(workflow_id, job_id, kind, from_state, to_state, attempt, worker_id, coordinator_id, at, details) "
      + "SELECT w, j, k, f, t, a, wk, $8::text, $9::timestamptz, d::jsonb FROM unnest($1::uuid[], $2::uuid[], "
      + "$3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $10::text[]) "
      + "WITH ORDINALITY AS u(w, j, k, f, t, a, wk, d, n) ORDER BY n RETURNING seq";

  private final String coordinatorId;
  private final Instant at;
  private final List<AuditEvent> pending = new ArrayList<>();

  AuditRows(String coordinatorId, Instant at) {
    this.coordinatorId = coordinatorId;
    this.at = Rows.micros(at);
  }

  void add(UUID workflowId, UUID jobId, String kind, String from, String to, Integer attempt, String workerId,
      JsonObject details) {
    pending.add(new AuditEvent(0, workflowId, jobId, kind, from, to, attempt, workerId, coordinatorId, at, details));
  }

  void job(UUID workflowId, UUID jobId, String from, String to, Integer attempt, String workerId) {
    add(workflowId, jobId, AuditEvent.JOB_STATE, from, to, attempt, workerId, null);
  }

  void workflow(UUID workflowId, String from, String to) {
    add(workflowId, null, AuditEvent.WORKFLOW_STATE, from, to, null, null, null);
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /**
   * Inserts the rows added since the last write, in order (nextval follows the ORDER BY, so sorted
   * seqs match the list); the statement is sent at once, pipelined behind those sent before it.
   */
  Future<List<AuditEvent>> write(SqlConnection connection) {
    if (pending.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<AuditEvent> pending = List.copyOf(this.pending);
    this.pending.clear();
    int n = pending.size();
    UUID[] workflows = new UUID[n];
    UUID[] jobs = new UUID[n];
    String[] kinds = new String[n];
    String[] froms = new String[n];
    String[] tos = new String[n];
    Integer[] attempts = new Integer[n];
    String[] workers = new String[n];
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      AuditEvent e = pending.get(i);
      workflows[i] = e.workflowId();
      jobs[i] = e.jobId();
      kinds[i] = e.kind();
      froms[i] = e.fromState();
      tos[i] = e.toState();
      attempts[i] = e.attempt();
      workers[i] = e.workerId();
      details[i] = Rows.json(e.details());
    }
    Tuple args = Tuple.tuple().addValue(workflows).addValue(jobs).addValue(kinds).addValue(froms).addValue(tos)
        .addValue(attempts).addValue(workers).addValue(coordinatorId).addValue(Rows.ts(at)).addValue(details);
    return connection.preparedQuery(INSERT).execute(args).map(rows -> {
      List<Long> seqs = new ArrayList<>();
      for (Row row : rows) {
        seqs.add(row.getLong(0));
      }
      seqs.sort(null);
      List<AuditEvent> written = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        AuditEvent e = pending.get(i);
        written.add(new AuditEvent(seqs.get(i), e.workflowId(), e.jobId(), e.kind(), e.fromState(), e.toState(),
            e.attempt(), e.workerId(), e.coordinatorId(), e.at(), e.details()));
      }
      return written;
    });
  }
}
