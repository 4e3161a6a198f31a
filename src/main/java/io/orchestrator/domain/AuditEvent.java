package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the audit trail. {@code jobId} is null for a workflow's own transitions; {@code kind}
 * says what happened (a state change, or e.g. a rejected report, where from and to stay equal).
 */
public record AuditEvent(
    long seq,
    UUID workflowId,
    UUID jobId,
    String kind,
    String fromState,
    String toState,
    Integer attempt,
    String workerId,
    String coordinatorId,
    Instant at,
    JsonObject details) {

  public static final String WORKFLOW_STATE = "workflow_state";
  public static final String JOB_STATE = "job_state";
  public static final String REPORT_REJECTED = "report_rejected";

  public JsonObject toJson() {
    return new JsonObject()
        .put("seq", seq)
        .put("workflow_id", workflowId.toString())
        .put("job_id", jobId == null ? null : jobId.toString())
        .put("kind", kind)
        .put("from_state", fromState)
        .put("to_state", toState)
        .put("attempt", attempt)
        .put("worker_id", workerId)
        .put("coordinator_id", coordinatorId)
        .put("at", Times.format(at))
        .put("details", details);
  }
}
