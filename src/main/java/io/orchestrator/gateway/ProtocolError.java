package io.orchestrator.gateway;

import io.vertx.core.json.JsonObject;

/** A protocol violation, answered with an {@code error} frame; the session stays up. */
final class ProtocolError extends RuntimeException {
  static final String BAD_FRAME = "bad_frame";
  static final String BAD_FIELD = "bad_field";
  static final String UNKNOWN_TYPE = "unknown_type";
  static final String HELLO_REQUIRED = "hello_required";
  static final String ALREADY_REGISTERED = "already_registered";
  static final String UNAVAILABLE = "unavailable";

  final String code;
  final IncomingMessage about;

  ProtocolError(String code, String message, IncomingMessage about) {
    super(message, null, false, false);
    this.code = code;
    this.about = about;
  }

  static ProtocolError field(String message, IncomingMessage about) {
    return new ProtocolError(BAD_FIELD, message, about);
  }

  JsonObject toFrame() {
    JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("message", getMessage());
    if (about != null) {
      if (about.jobId() != null) {
        frame.put("job_id", about.jobId());
      }
      if (about.attempt() != null) {
        frame.put("attempt", about.attempt());
      }
    }
    return frame;
  }
}
