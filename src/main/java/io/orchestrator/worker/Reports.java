package io.orchestrator.worker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/** Builders for the messages a worker sends (names are the public protocol, see API.md). */
final class Reports {
  static final int MAX_ERROR_CHARS = 4096;

  private Reports() {
  }

  static JsonObject hello(String name, List<String> queues, List<String> types, int concurrency, String workerId) {
    JsonObject m = new JsonObject().put("type", "hello").put("name", name)
        .put("queues", new JsonArray(List.copyOf(queues))).put("types", new JsonArray(List.copyOf(types)))
        .put("concurrency", concurrency);
    if (workerId != null) {
      m.put("worker_id", workerId);
    }
    return m;
  }

  static JsonObject complete(String jobId, int attempt, JsonObject result) {
    return new JsonObject().put("type", "complete").put("job_id", jobId).put("attempt", attempt)
        .put("result", result == null ? new JsonObject() : result);
  }

  static JsonObject fail(String jobId, int attempt, String error, boolean retryable) {
    return new JsonObject().put("type", "fail").put("job_id", jobId).put("attempt", attempt)
        .put("error", Truncate.text(error == null ? "unknown error" : error, MAX_ERROR_CHARS))
        .put("retryable", retryable);
  }

  static JsonObject progress(String workflowId, String jobId, int attempt, int percent, String message) {
    return new JsonObject().put("type", "progress").put("workflow_id", workflowId).put("job_id", jobId).put("attempt", attempt)
        .put("percent", percent).put("message", message);
  }

  static JsonObject heartbeat(Collection<String> running) {
    return new JsonObject().put("type", "heartbeat").put("running", new JsonArray(List.copyOf(running)));
  }

  static JsonObject drain() {
    return new JsonObject().put("type", "drain");
  }
}
