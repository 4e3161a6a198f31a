package io.orchestrator.worker;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

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

  /** Parses an assign message; throws IllegalArgumentException when job_id or the type is missing. */
  public static JobAssignment fromJson(JsonObject m) {
    return from(m::getValue);
  }

  /**
   * An assign message from its fields, by name ({@code field} answers null for a missing one);
   * throws IllegalArgumentException when job_id or the type is missing, or a field has the wrong type.
   */
  static JobAssignment from(Function<String, Object> field) {
    String jobId = string(field, "job_id");
    String type = string(field, "job_type");
    if (type == null && !"assign".equals(string(field, "type"))) {
      type = string(field, "type");
    }
    if (jobId == null || type == null) {
      throw new IllegalArgumentException("assign without job_id or job_type");
    }
    Number attempt = number(field, "attempt");
    Number timeout = number(field, "timeout_ms");
    return new JobAssignment(jobId, string(field, "workflow_id"), string(field, "job_name"),
        attempt == null ? 1 : attempt.intValue(), type, object(field, "payload"), object(field, "inputs"),
        timeout == null ? 0 : timeout.longValue());
  }

  private static String string(Function<String, Object> field, String name) {
    return typed(field, name, String.class);
  }

  private static Number number(Function<String, Object> field, String name) {
    return typed(field, name, Number.class);
  }

  private static JsonObject object(Function<String, Object> field, String name) {
    return typed(field, name, JsonObject.class);
  }

  private static <T> T typed(Function<String, Object> field, String name, Class<T> type) {
    Object value = field.apply(name);
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
