package io.orchestrator.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Checks of worker message fields shared by the session's handlers. */
final class Messages {
  private Messages() {}

  static boolean isUuid(String text) {
    return uuid(text) != null;
  }

  /** The UUID this text spells in its canonical 36-character form, or null. */
  static UUID uuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static List<String> stringList(JsonObject message, String field, List<String> fallback) {
    Object value = message.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray array)) {
      throw ProtocolError.field("'" + field + "' must be an array of strings", null);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text) || text.isBlank()) {
        throw ProtocolError.field("'" + field + "' must be an array of non-empty strings", null);
      }
      out.add(text);
    }
    return out;
  }
}
