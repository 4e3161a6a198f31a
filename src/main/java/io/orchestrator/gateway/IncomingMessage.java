package io.orchestrator.gateway;

import io.orchestrator.ports.Report;
import io.orchestrator.wire.WireMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One message of a worker frame as read. A report becomes a {@link Report} straight from its
 * fields ({@link #report}): reports are nearly every message a worker sends, and parsing each into
 * a tree of maps and then again into a report was ~10 % of what the coordinator allocated while
 * jobs ran (docs/performance.md, eighth round). Any other message is handled as the object it was
 * ({@link #toJson}).
 */
final class IncomingMessage {
  private final WireMessage fields;

  private IncomingMessage(WireMessage fields) {
    this.fields = fields;
  }

  /** The frame's messages in order; a frame that is not an object or an array of objects is refused whole. */
  static List<IncomingMessage> readFrame(Buffer frame) {
    List<WireMessage> read;
    try {
      read = WireMessage.readFrame(frame);
    } catch (IllegalArgumentException e) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, e.getMessage(), null);
    }
    List<IncomingMessage> messages = new ArrayList<>(read.size());
    for (WireMessage message : read) {
      messages.add(new IncomingMessage(message));
    }
    return messages;
  }

  /** The message's type; a message without one is refused. */
  String type() {
    String type = fields.string("type");
    if (type == null || type.isEmpty()) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, "message has no 'type'", this);
    }
    return type;
  }

  Object jobId() {
    return fields.get("job_id");
  }

  Object attempt() {
    return fields.get("attempt");
  }

  /**
   * A {@code complete} or {@code fail} message as a report, once its fields are checked: job_id a
   * UUID string, attempt an integer from 1; a failure's error a string and retryable a boolean
   * when given (defaults "failed" and true); a result that is not an object is wrapped as
   * {@code {"value": result}}, since results are objects downstream (inputs by job name).
   */
  Report report(String workerId) {
    UUID job = attemptJobId();
    int number = (Integer) attempt();
    if ("complete".equals(fields.string("type"))) {
      Object result = fields.get("result");
      JsonObject value = result == null ? new JsonObject()
          : result instanceof JsonObject object ? object : new JsonObject().put("value", result);
      return Report.complete(job, number, workerId, value);
    }
    Object error = fields.get("error");
    if (error != null && !(error instanceof String)) {
      throw ProtocolError.field("'error' must be a string", this);
    }
    Object retryable = fields.get("retryable");
    if (retryable != null && !(retryable instanceof Boolean)) {
      throw ProtocolError.field("'retryable' must be a boolean", this);
    }
    return Report.fail(job, number, workerId, error == null ? "failed" : (String) error,
        retryable == null || (Boolean) retryable);
  }

  /** Checks job_id and attempt (any message about an attempt: reports, progress); the job's id. */
  UUID attemptJobId() {
    UUID job = jobId() instanceof String text ? Messages.uuid(text) : null;
    if (job == null) {
      throw ProtocolError.field("'job_id' must be a UUID string", this);
    }
    if (!(attempt() instanceof Integer number) || number < 1) {
      throw ProtocolError.field("'attempt' must be an integer >= 1", this);
    }
    return job;
  }

  /** The whole message as an object. */
  JsonObject toJson() {
    return fields.toJson();
  }
}
