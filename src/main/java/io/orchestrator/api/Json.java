package io.orchestrator.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers: encoded straight to bytes (encode() would build the text first, then its bytes). */
final class Json {
  private Json() {}

  static void send(RoutingContext rc, JsonObject body) {
    send(rc, body.toBuffer());
  }

  /** A body already encoded (AnswerBodies). */
  static void send(RoutingContext rc, Buffer body) {
    rc.response().putHeader("Content-Type", "application/json").end(body);
  }
}
