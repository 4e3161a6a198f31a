package io.orchestrator.worker;

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

  /** Parses an assign frame; throws IllegalArgumentException when job_id or the type is missing. */
  public static JobAssignment fromJson(JsonObject m) {
    String jobId = m.getString("job_id");
    String type = m.getString("job_type");
    if (type == null && !"assign".equals(m.getString("type"))) {
      type = m.getString("type");
    }
    if (jobId == null || type == null) {
      throw new IllegalArgumentException("assign without job_id or job_type");
    }
    Number timeout = m.getNumber("timeout_ms");
    return new JobAssignment(jobId, m.getString("workflow_id"), m.getString("job_name"),
        m.getInteger("attempt", 1), type, m.getJsonObject("payload"), m.getJsonObject("inputs"),
        timeout == null ? 0 : timeout.longValue());
  }

  /** Identity of one attempt: reports and acks are keyed by it. */
  public String key() {
    return attemptKey(jobId, attempt);
  }

  static String attemptKey(String jobId, int attempt) {
    return jobId + "#" + attempt;
  }
}
