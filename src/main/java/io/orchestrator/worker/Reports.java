package io.orchestrator.worker;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.orchestrator.domain.JsonBytes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.util.Collection;
import java.util.List;

/**
 * Builders for the messages a worker sends (names are the public protocol, see API.md). The
 * reports, one per job, are written straight to bytes: built as objects and encoded by Jackson's
 * tree writer they were a tenth of a worker's CPU in memory W1 (docs/performance.md, tenth round).
 */
final class Reports {
  static final int MAX_ERROR_CHARS = 4096;

  private static final SerializableString TYPE = new SerializedString("type");
  private static final SerializableString JOB_ID = new SerializedString("job_id");
  private static final SerializableString ATTEMPT = new SerializedString("attempt");
  private static final SerializableString RESULT = new SerializedString("result");
  private static final SerializableString ERROR = new SerializedString("error");
  private static final SerializableString RETRYABLE = new SerializedString("retryable");
  private static final SerializableString COMPLETE = new SerializedString("complete");
  private static final SerializableString FAIL = new SerializedString("fail");

  private Reports() {
  }

  static Outgoing hello(String name, List<String> queues, List<String> types, int concurrency, String workerId) {
    JsonObject m = new JsonObject().put("type", "hello").put("name", name)
        .put("queues", new JsonArray(List.copyOf(queues))).put("types", new JsonArray(List.copyOf(types)))
        .put("concurrency", concurrency);
    if (workerId != null) {
      m.put("worker_id", workerId);
    }
    return Outgoing.of(m);
  }

  static Outgoing complete(String jobId, int attempt, JsonObject result) {
    byte[] json = JsonBytes.write(96, out -> {
      out.writeStartObject();
      out.writeFieldName(TYPE);
      out.writeString(COMPLETE);
      out.writeFieldName(JOB_ID);
      out.writeString(jobId);
      out.writeFieldName(ATTEMPT);
      out.writeNumber(attempt);
      out.writeFieldName(RESULT);
      if (result == null || result.isEmpty()) {
        out.writeStartObject();
        out.writeEndObject();
      } else {
        JacksonCodec.encodeJson(result, out);
      }
      out.writeEndObject();
    }).getBytes();
    return new Outgoing("complete", jobId, attempt, json);
  }

  static Outgoing fail(String jobId, int attempt, String error, boolean retryable) {
    String text = Truncate.text(error == null ? "unknown error" : error, MAX_ERROR_CHARS);
    byte[] json = JsonBytes.write(128, out -> {
      out.writeStartObject();
      out.writeFieldName(TYPE);
      out.writeString(FAIL);
      out.writeFieldName(JOB_ID);
      out.writeString(jobId);
      out.writeFieldName(ATTEMPT);
      out.writeNumber(attempt);
      out.writeFieldName(ERROR);
      out.writeString(text);
      out.writeFieldName(RETRYABLE);
      out.writeBoolean(retryable);
      out.writeEndObject();
    }).getBytes();
    return new Outgoing("fail", jobId, attempt, json);
  }

  static Outgoing progress(String workflowId, String jobId, int attempt, int percent, String message) {
    return Outgoing.of(new JsonObject().put("type", "progress").put("workflow_id", workflowId).put("job_id", jobId)
        .put("attempt", attempt).put("percent", percent).put("message", message));
  }

  static Outgoing heartbeat(Collection<String> running) {
    return Outgoing.of(new JsonObject().put("type", "heartbeat").put("running", new JsonArray(List.copyOf(running))));
  }

  static Outgoing drain() {
    return Outgoing.of(new JsonObject().put("type", "drain"));
  }
}
