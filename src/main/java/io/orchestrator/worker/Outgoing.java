package io.orchestrator.worker;

import io.orchestrator.domain.JsonBytes;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.charset.StandardCharsets;

/**
 * One message the worker sends, its JSON written once as UTF-8 bytes: a report waiting for its
 * acknowledgement is re-sent as it is after a reconnect. A terminal report (complete, fail) also
 * names the attempt it ends; other messages have no job ({@code jobId} null, {@code attempt} -1).
 */
record Outgoing(String type, String jobId, int attempt, byte[] json) {
  /** A message built as an object (the rare ones: hello, heartbeat, progress, drain). */
  static Outgoing of(JsonObject message) {
    Object attempt = message.getValue("attempt");
    byte[] json = JsonBytes.write(128, out -> JacksonCodec.encodeJson(message, out)).getBytes();
    return new Outgoing(message.getString("type"), message.getString("job_id"),
        attempt instanceof Integer a ? a : -1, json);
  }

  /** Whether this report ends the given attempt of the job (attempt null: any attempt). */
  boolean ends(String job, Integer anAttempt) {
    return job.equals(jobId) && (anAttempt == null || anAttempt == attempt);
  }

  /** The JSON as text (logs and tests). */
  String text() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
