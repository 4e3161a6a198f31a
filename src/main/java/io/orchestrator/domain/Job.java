package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot of one job. {@code attempt} counts every attempt ever started (it fences reports);
 * {@code attemptBase} is the attempt count when the current run began (a workflow retry moves it),
 * so the attempts used in this run are {@code attempt - attemptBase}.
 */
public record Job(
    UUID id,
    UUID workflowId,
    String name,
    String type,
    JobState state,
    int attempt,
    int attemptBase,
    List<String> dependsOn,
    String queue,
    int priority,
    JsonObject payload,
    RetryPolicy retry,
    long timeoutMs,
    String workerId,
    JsonObject result,
    String error,
    Instant createdAt,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant retryAt) {

  public int attemptsUsed() {
    return attempt - attemptBase;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("workflow_id", workflowId.toString())
        .put("name", name)
        .put("type", type)
        .put("state", state.name())
        .put("attempt", attempt)
        .put("depends_on", new io.vertx.core.json.JsonArray(List.copyOf(dependsOn)))
        .put("queue", queue)
        .put("priority", priority)
        .put("payload", payload)
        .put("retry", retry.toJson())
        .put("timeout_ms", timeoutMs)
        .put("worker_id", workerId)
        .put("created_at", Times.format(createdAt))
        .put("queued_at", Times.format(queuedAt))
        .put("started_at", Times.format(startedAt))
        .put("finished_at", Times.format(finishedAt))
        .put("retry_at", Times.format(retryAt))
        .put("result", result)
        .put("error", error);
    return json;
  }
}
