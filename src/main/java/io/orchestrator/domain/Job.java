package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
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

  /** {@link #toJson()} written to {@code out}, field for field and in its order, without a map. */
  public void writeJson(JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", id.toString());
    out.writeStringField("workflow_id", workflowId.toString());
    out.writeStringField("name", name);
    out.writeStringField("type", type);
    out.writeStringField("state", state.name());
    out.writeNumberField("attempt", attempt);
    out.writeArrayFieldStart("depends_on");
    for (String dependency : dependsOn) {
      out.writeString(dependency);
    }
    out.writeEndArray();
    out.writeStringField("queue", queue);
    out.writeNumberField("priority", priority);
    writeObject(out, "payload", payload);
    out.writeFieldName("retry");
    retry.writeJson(out);
    out.writeNumberField("timeout_ms", timeoutMs);
    out.writeStringField("worker_id", workerId);
    out.writeStringField("created_at", Times.format(createdAt));
    out.writeStringField("queued_at", Times.format(queuedAt));
    out.writeStringField("started_at", Times.format(startedAt));
    out.writeStringField("finished_at", Times.format(finishedAt));
    out.writeStringField("retry_at", Times.format(retryAt));
    writeObject(out, "result", result);
    out.writeStringField("error", error);
    out.writeEndObject();
  }

  static void writeObject(JsonGenerator out, String field, JsonObject value) throws IOException {
    out.writeFieldName(field);
    if (value == null) {
      out.writeNull();
    } else {
      JacksonCodec.encodeJson(value, out);
    }
  }
}
