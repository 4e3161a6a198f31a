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

  /** The job's JSON (API.md), written to {@code out}. */
  public void writeJson(JsonGenerator out) throws IOException {
    out.writeStartObject();
    writeFields(out);
    out.writeEndObject();
  }

  /** The fields of {@link #writeJson}, the only place they are listed, into an object the caller opened. */
  public void writeFields(JsonGenerator out) throws IOException {
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
