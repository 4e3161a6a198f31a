package io.orchestrator.worker;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A frame carries one message object or an array of them (batching), both ways. */
final class Frames {
  /** Upper bound of messages per sent frame, so one frame stays a reasonable size. */
  static final int MAX_BATCH = 100;

  private Frames() {
  }

  /** Parses a received frame; throws IllegalArgumentException when it is not JSON messages. */
  static List<JsonObject> decode(String text) {
    String t = text.trim();
    try {
      if (t.startsWith("[")) {
        List<JsonObject> out = new ArrayList<>();
        for (Object o : new JsonArray(t)) {
          if (!(o instanceof JsonObject m)) {
            throw new IllegalArgumentException("array frame holds a non-object: " + o);
          }
          out.add(m);
        }
        return out;
      }
      return List.of(new JsonObject(t));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("frame is not JSON: " + e.getMessage(), e);
    }
  }

  /** Splits messages into frames: a single message as an object, several as an array. */
  static List<String> encode(List<JsonObject> messages) {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < messages.size(); i += MAX_BATCH) {
      List<JsonObject> chunk = messages.subList(i, Math.min(messages.size(), i + MAX_BATCH));
      frames.add(chunk.size() == 1 ? chunk.get(0).encode() : new JsonArray(new ArrayList<>(chunk)).encode());
    }
    return frames;
  }
}
