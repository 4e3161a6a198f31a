package io.orchestrator.gateway;

import io.orchestrator.ports.Report;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One message of a worker frame as read: the fields a report carries, kept as they are, and every
 * other field in {@link #rest}. A report becomes a {@link Report} straight from its fields
 * ({@link #report}); any other message is handled as the object it was ({@link #toJson}).
 */
final class IncomingMessage {
  private Object type;
  private Object jobId;
  private Object attempt;
  private Object result;
  private Object error;
  private Object retryable;
  private JsonObject rest;

  void set(String name, Object value) {
    switch (name) {
      case "type" -> type = value;
      case "job_id" -> jobId = value;
      case "attempt" -> attempt = value;
      case "result" -> result = value;
      case "error" -> error = value;
      case "retryable" -> retryable = value;
      default -> {
        if (rest == null) {
          rest = new JsonObject();
        }
        rest.put(name, value);
      }
    }
  }

  /** The message's type; a message without one is refused. */
  String type() {
    if (!(type instanceof String text) || text.isEmpty()) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, "message has no 'type'", this);
    }
    return text;
  }

  Object jobId() {
    return jobId;
  }

  Object attempt() {
    return attempt;
  }

  /**
   * A {@code complete} or {@code fail} message as a report, once its fields are checked: job_id a
   * UUID string, attempt an integer from 1; a failure's error a string and retryable a boolean
   * when given (defaults "failed" and true); a result that is not an object is wrapped as
   * {@code {"value": result}}, since results are objects downstream (inputs by job name).
   */
  Report report(String workerId) {
    UUID job = attemptJobId();
    int number = (Integer) attempt;
    if ("complete".equals(type)) {
      JsonObject value = result == null ? new JsonObject()
          : result instanceof JsonObject object ? object : new JsonObject().put("value", result);
      return Report.complete(job, number, workerId, value);
    }
    if (error != null && !(error instanceof String)) {
      throw ProtocolError.field("'error' must be a string", this);
    }
    if (retryable != null && !(retryable instanceof Boolean)) {
      throw ProtocolError.field("'retryable' must be a boolean", this);
    }
    return Report.fail(job, number, workerId, error == null ? "failed" : (String) error,
        retryable == null || (Boolean) retryable);
  }

  /** Checks job_id and attempt (any message about an attempt: reports, progress); the job's id. */
  UUID attemptJobId() {
    UUID job = jobId instanceof String text ? Messages.uuid(text) : null;
    if (job == null) {
      throw ProtocolError.field("'job_id' must be a UUID string", this);
    }
    if (!(attempt instanceof Integer number) || number < 1) {
      throw ProtocolError.field("'attempt' must be an integer >= 1", this);
    }
    return job;
  }

  /** The whole message as an object (the fields of {@link #rest} first). */
  JsonObject toJson() {
    JsonObject json = rest == null ? new JsonObject() : rest;
    putIfSet(json, "type", type);
    putIfSet(json, "job_id", jobId);
    putIfSet(json, "attempt", attempt);
    putIfSet(json, "result", result);
    putIfSet(json, "error", error);
    putIfSet(json, "retryable", retryable);
    return json;
  }

  private static void putIfSet(JsonObject json, String name, Object value) {
    if (value != null) {
      json.put(name, value);
    }
  }
}
