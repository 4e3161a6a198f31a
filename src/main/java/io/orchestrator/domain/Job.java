package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Field names as bytes made once: written as strings, each was escaped character by character.
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString WORKFLOW_ID = new SerializedString("workflow_id");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString STATE = new SerializedString("state");
  private static final SerializedString ATTEMPT = new SerializedString("attempt");
  private static final SerializedString DEPENDS_ON = new SerializedString("depends_on");
  private static final SerializedString QUEUE = new SerializedString("queue");
  private static final SerializedString PRIORITY = new SerializedString("priority");
  private static final SerializedString PAYLOAD = new SerializedString("payload");
  private static final SerializedString RETRY = new SerializedString("retry");
  private static final SerializedString TIMEOUT_MS = new SerializedString("timeout_ms");
  private static final SerializedString WORKER_ID = new SerializedString("worker_id");
  private static final SerializedString CREATED_AT = new SerializedString("created_at");
  private static final SerializedString QUEUED_AT = new SerializedString("queued_at");
  private static final SerializedString STARTED_AT = new SerializedString("started_at");
  private static final SerializedString FINISHED_AT = new SerializedString("finished_at");
  private static final SerializedString RETRY_AT = new SerializedString("retry_at");
  private static final SerializedString RESULT = new SerializedString("result");
  private static final SerializedString ERROR = new SerializedString("error");

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
    out.writeFieldName(ID);
    JsonBytes.writeUuid(out, id);
    out.writeFieldName(WORKFLOW_ID);
    JsonBytes.writeUuid(out, workflowId);
    out.writeFieldName(NAME);
    out.writeString(name);
    out.writeFieldName(TYPE);
    out.writeString(type);
    out.writeFieldName(STATE);
    out.writeString(state.name());
    out.writeFieldName(ATTEMPT);
    out.writeNumber(attempt);
    out.writeFieldName(DEPENDS_ON);
    out.writeStartArray();
    for (String dependency : dependsOn) {
      out.writeString(dependency);
    }
    out.writeEndArray();
    out.writeFieldName(QUEUE);
    out.writeString(queue);
    out.writeFieldName(PRIORITY);
    out.writeNumber(priority);
    writeObject(out, PAYLOAD, payload);
    out.writeFieldName(RETRY);
    retry.writeJson(out);
    out.writeFieldName(TIMEOUT_MS);
    out.writeNumber(timeoutMs);
    out.writeFieldName(WORKER_ID);
    out.writeString(workerId);
    out.writeFieldName(CREATED_AT);
    Times.write(out, createdAt);
    out.writeFieldName(QUEUED_AT);
    Times.write(out, queuedAt);
    out.writeFieldName(STARTED_AT);
    Times.write(out, startedAt);
    out.writeFieldName(FINISHED_AT);
    Times.write(out, finishedAt);
    out.writeFieldName(RETRY_AT);
    Times.write(out, retryAt);
    writeObject(out, RESULT, result);
    out.writeFieldName(ERROR);
    out.writeString(error);
  }

  static void writeObject(JsonGenerator out, SerializableString field, JsonObject value) throws IOException {
    out.writeFieldName(field);
    if (value == null) {
      out.writeNull();
    } else {
      JacksonCodec.encodeJson(value, out);
    }
  }
}
