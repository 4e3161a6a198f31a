package io.orchestrator.postgres;

import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Ends the RUNNING workflows whose jobs are all terminal (Decider.workflowOutcome), inside the
 * caller's transaction, which holds the workflows' locks: two statements for any number of them.
 */
final class WorkflowFinish {
  // Counts only the workflows without an open job: one probe of jobs_workflow_state per workflow stops
  // at its first open job, so a batch that touches a 20,000-job workflow does not count all its jobs.
  private static final String COUNTS = "SELECT workflow_id, state, count(*)::int AS n FROM jobs"
      + " WHERE workflow_id = ANY(ARRAY(SELECT w.id FROM unnest($1::uuid[]) AS w(id) WHERE NOT EXISTS ("
      + " SELECT 1 FROM jobs o WHERE o.workflow_id = w.id AND o.state IN " + openStates() + ")))"
      + " GROUP BY workflow_id, state";

  // The state RUNNING comes as a parameter ($4): as a constant, a generic plan made while few workflows
  // ran could read workflows_state_id for every RUNNING workflow instead of the few by id.
  private static final String FINISH = "UPDATE workflows w SET state = u.state, finished_at = $3"
      + " FROM unnest($1::uuid[], $2::text[]) AS u(id, state) WHERE w.id = ANY($1::uuid[]) AND w.id = u.id AND w.state = $4"
      + " RETURNING w.id, u.state";

  private WorkflowFinish() {}

  /** {@code ('BLOCKED', 'QUEUED', ...)}: the states that keep a workflow running. */
  private static String openStates() {
    StringJoiner states = new StringJoiner("', '", "('", "')");
    for (JobState state : JobState.values()) {
      if (!state.isTerminal()) {
        states.add(state.name());
      }
    }
    return states.toString();
  }

  static Future<Void> finish(SqlConnection connection, Set<UUID> workflows, Instant now, AuditRows audit,
      Effects effects) {
    return counts(connection, workflows).compose(counts -> finish(connection, counts, now, audit, effects));
  }

  /**
   * Per workflow without an open job, its jobs per state (a workflow with an open job is absent).
   * Sent at once: pipelined behind the statements sent before it on the connection.
   */
  static Future<Map<UUID, Map<JobState, Integer>>> counts(SqlConnection connection, Set<UUID> workflows) {
    if (workflows.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    UUID[] ids = workflows.toArray(new UUID[0]);
    return connection.preparedQuery(COUNTS).execute(Tuple.tuple().addValue(ids)).map(rows -> {
      Map<UUID, Map<JobState, Integer>> byId = new HashMap<>();
      for (Row row : rows) {
        byId.computeIfAbsent(row.getUUID("workflow_id"), k -> new EnumMap<>(JobState.class))
            .put(JobState.valueOf(row.getString("state")), row.getInteger("n"));
      }
      Map<UUID, Map<JobState, Integer>> inOrder = new LinkedHashMap<>(); // as asked: audit rows in a stable order
      for (UUID id : ids) {
        if (byId.containsKey(id)) {
          inOrder.put(id, byId.get(id));
        }
      }
      return inOrder;
    });
  }

  /** Ends the workflows whose counts say every job is terminal; the audit rows follow the update's answer. */
  static Future<Void> finish(SqlConnection connection, Map<UUID, Map<JobState, Integer>> counts, Instant now,
      AuditRows audit, Effects effects) {
    List<UUID> finishedIds = new ArrayList<>();
    List<String> states = new ArrayList<>();
    counts.forEach((id, perState) -> {
      WorkflowState outcome = Decider.workflowOutcome(perState);
      if (outcome != WorkflowState.RUNNING) {
        finishedIds.add(id);
        states.add(outcome.name());
      }
    });
    if (finishedIds.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple args = Tuple.tuple().addValue(finishedIds.toArray(new UUID[0])).addValue(states.toArray(new String[0]))
        .addValue(Rows.ts(now)).addValue(WorkflowState.RUNNING.name());
    return connection.preparedQuery(FINISH).execute(args).map(updated -> {
      for (Row row : updated) {
        UUID id = row.getUUID("id");
        String state = row.getString("state");
        audit.workflow(id, WorkflowState.RUNNING.name(), state);
        effects.finished.add(new Effects.Finished(id, state));
      }
      return null;
    });
  }
}
