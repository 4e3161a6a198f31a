package io.orchestrator.ports;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A started attempt: what the worker is told ({@code assign}) and what the coordinator watches
 * (the deadline). {@code inputs} holds the results of the jobs it depends on, by job name;
 * {@code hasDependants} says whether other jobs wait for this one (its end may release them).
 */
public record Assignment(
    UUID jobId,
    UUID workflowId,
    String jobName,
    int attempt,
    String type,
    String queue,
    JsonObject payload,
    JsonObject inputs,
    long timeoutMs,
    String workerId,
    Instant deadline,
    boolean hasDependants) {

  public JsonObject toMessage() {
    return new JsonObject()
        .put("type", "assign")
        .put("job_id", jobId.toString())
        .put("workflow_id", workflowId.toString())
        .put("job_name", jobName)
        .put("attempt", attempt)
        .put("job_type", type)
        .put("payload", payload)
        .put("inputs", inputs)
        .put("timeout_ms", timeoutMs);
  }
}
