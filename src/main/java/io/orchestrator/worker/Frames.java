package io.orchestrator.worker;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A frame carries one message object or an array of them (batching), both ways. */
final class Frames {
  /** Bounds of one sent batch, so a frame stays well under the coordinator's message limit. */
  static final int MAX_BATCH = 100;
  static final int MAX_BATCH_CHARS = 256 * 1024;

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
    List<String> batch = new ArrayList<>();
    int chars = 0;
    for (JsonObject m : messages) {
      String encoded = m.encode();
      if (!batch.isEmpty() && (batch.size() == MAX_BATCH || chars + encoded.length() > MAX_BATCH_CHARS)) {
        frames.add(frame(batch));
        batch.clear();
        chars = 0;
      }
      batch.add(encoded);
      chars += encoded.length() + 1;
    }
    if (!batch.isEmpty()) {
      frames.add(frame(batch));
    }
    return frames;
  }

  private static String frame(List<String> encoded) {
    return encoded.size() == 1 ? encoded.get(0) : "[" + String.join(",", encoded) + "]";
  }
}
