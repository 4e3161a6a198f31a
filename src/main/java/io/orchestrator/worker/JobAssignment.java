package io.orchestrator.worker;

import io.orchestrator.wire.WireMessage;
import io.vertx.core.json.JsonObject;

/**
 * The content of an {@code assign} message. The handler name travels as {@code job_type}, because
 * {@code type} is the message type; {@code type} is read as a fall-back when it is not "assign".
 */
public record JobAssignment(String jobId, String workflowId, String jobName, int attempt,
                            String type, JsonObject payload, JsonObject inputs, long timeoutMs) {

  public JobAssignment {
    payload = payload == null ? new JsonObject() : payload;
    inputs = inputs == null ? new JsonObject() : inputs;
  }

  /**
   * An assign message from its fields; throws IllegalArgumentException when job_id or the type is
   * missing, or a field has the wrong type.
   */
  static JobAssignment from(WireMessage message) {
    String jobId = string(message, "job_id");
    String type = string(message, "job_type");
    if (type == null && !"assign".equals(string(message, "type"))) {
      type = string(message, "type");
    }
    if (jobId == null || type == null) {
      throw new IllegalArgumentException("assign without job_id or job_type");
    }
    Number attempt = number(message, "attempt");
    Number timeout = number(message, "timeout_ms");
    return new JobAssignment(jobId, string(message, "workflow_id"), string(message, "job_name"),
        attempt == null ? 1 : attempt.intValue(), type, object(message, "payload"), object(message, "inputs"),
        timeout == null ? 0 : timeout.longValue());
  }

  private static String string(WireMessage message, String name) {
    return typed(message, name, String.class);
  }

  private static Number number(WireMessage message, String name) {
    return typed(message, name, Number.class);
  }

  private static JsonObject object(WireMessage message, String name) {
    return typed(message, name, JsonObject.class);
  }

  private static <T> T typed(WireMessage message, String name, Class<T> type) {
    Object value = message.get(name);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException("assign's '" + name + "' must be a " + type.getSimpleName());
    }
    return type.cast(value);
  }

  /** Identity of one attempt: reports and acks are keyed by it. */
  public String key() {
    return attemptKey(jobId, attempt);
  }

  static String attemptKey(String jobId, int attempt) {
    return jobId + "#" + attempt;
  }
}
