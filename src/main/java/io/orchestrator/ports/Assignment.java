package io.orchestrator.ports;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A started attempt: what the worker is told ({@code assign}) and what the coordinator watches
 * (the deadline). {@code inputs} holds the results of the jobs it depends on, by job name.
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
    Instant deadline) {

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
