package io.orchestrator.ports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.orchestrator.domain.JsonBytes;
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

  // Names and fixed values as bytes made once: written as strings, each was escaped character by character.
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString ASSIGN = new SerializedString("assign");
  private static final SerializedString JOB_ID = new SerializedString("job_id");
  private static final SerializedString WORKFLOW_ID = new SerializedString("workflow_id");
  private static final SerializedString JOB_NAME = new SerializedString("job_name");
  private static final SerializedString ATTEMPT = new SerializedString("attempt");
  private static final SerializedString JOB_TYPE = new SerializedString("job_type");
  private static final SerializedString PAYLOAD = new SerializedString("payload");
  private static final SerializedString INPUTS = new SerializedString("inputs");
  private static final SerializedString TIMEOUT_MS = new SerializedString("timeout_ms");

  private static void write(Assignment a, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeFieldName(TYPE);
    out.writeString(ASSIGN);
    out.writeFieldName(JOB_ID);
    JsonBytes.writeUuid(out, a.jobId);
    out.writeFieldName(WORKFLOW_ID);
    JsonBytes.writeUuid(out, a.workflowId);
    out.writeFieldName(JOB_NAME);
    out.writeString(a.jobName);
    out.writeFieldName(ATTEMPT);
    out.writeNumber(a.attempt);
    out.writeFieldName(JOB_TYPE);
    out.writeString(a.type);
    out.writeFieldName(PAYLOAD);
    JacksonCodec.encodeJson(a.payload, out);
    out.writeFieldName(INPUTS);
    JacksonCodec.encodeJson(a.inputs, out);
    out.writeFieldName(TIMEOUT_MS);
    out.writeNumber(a.timeoutMs);
    out.writeEndObject();
  }
}
