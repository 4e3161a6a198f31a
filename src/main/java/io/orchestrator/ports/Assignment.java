package io.orchestrator.ports;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A started attempt: what the worker is told ({@code assign}) and what the coordinator watches
 * (the deadline). {@code inputs} holds the results of the jobs it depends on, by job name;
 * {@code releasesDependant} says whether this job's success alone releases another job (one whose
 * other dependencies have all succeeded already): the scheduler then keeps the worker's slot for
 * that job (the local fast path) instead of refilling it as soon as the job is reported.
 */
public record Assignment(
    UUID jobId,
    UUID workflowId,
    String jobName,
    int attempt,
    String type,
    String queue,
    JsonObject payload,
    JsonObject inputs,
    long timeoutMs,
    String workerId,
    Instant deadline,
    boolean releasesDependant) {

  /**
   * The UTF-8 text of one frame carrying these assignments: one {@code assign} message each (API.md, worker
   * protocol: type, job_id, workflow_id, job_name, attempt, job_type, payload, inputs, timeout_ms).
   */
  public static Buffer frame(List<Assignment> assignments) {
    return FrameText.of(assignments, 200, Assignment::write);
  }

  private static void write(Assignment a, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("type", "assign");
    out.writeStringField("job_id", a.jobId.toString());
    out.writeStringField("workflow_id", a.workflowId.toString());
    out.writeStringField("job_name", a.jobName);
    out.writeNumberField("attempt", a.attempt);
    out.writeStringField("job_type", a.type);
    out.writeFieldName("payload");
    JacksonCodec.encodeJson(a.payload, out);
    out.writeFieldName("inputs");
    JacksonCodec.encodeJson(a.inputs, out);
    out.writeNumberField("timeout_ms", a.timeoutMs);
    out.writeEndObject();
  }
}
