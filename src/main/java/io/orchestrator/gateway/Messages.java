package io.orchestrator.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Parsing and validation of worker frames: one message or an array of messages per frame. */
final class Messages {
  private Messages() {}

  static List<JsonObject> parseFrame(String text) {
    Object parsed;
    try {
      String trimmed = text.trim();
      parsed = trimmed.startsWith("[") ? new JsonArray(trimmed) : new JsonObject(trimmed);
    } catch (RuntimeException e) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, "frame is not a JSON object or array: " + e.getMessage(), null);
    }
    List<JsonObject> messages = new ArrayList<>();
    if (parsed instanceof JsonObject object) {
      messages.add(object);
    } else {
      for (Object item : (JsonArray) parsed) {
        if (!(item instanceof JsonObject object)) {
          throw new ProtocolError(ProtocolError.BAD_FRAME, "every element of a frame array must be an object", null);
        }
        messages.add(object);
      }
    }
    return messages;
  }

  static String type(JsonObject message) {
    Object type = message.getValue("type");
    if (!(type instanceof String text) || text.isEmpty()) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, "message has no 'type'", message);
    }
    return text;
  }

  /** Checks a complete/fail/progress message's job_id and attempt. */
  static void requireAttempt(JsonObject message) {
    Object jobId = message.getValue("job_id");
    if (!(jobId instanceof String text) || !isUuid(text)) {
      throw ProtocolError.field("'job_id' must be a UUID string", message);
    }
    Object attempt = message.getValue("attempt");
    if (!(attempt instanceof Integer number) || number < 1) {
      throw ProtocolError.field("'attempt' must be an integer >= 1", message);
    }
  }

  static void requireReport(JsonObject message, String type) {
    requireAttempt(message);
    if ("fail".equals(type)) {
      if (message.getValue("error") != null && !(message.getValue("error") instanceof String)) {
        throw ProtocolError.field("'error' must be a string", message);
      }
      if (message.getValue("retryable") != null && !(message.getValue("retryable") instanceof Boolean)) {
        throw ProtocolError.field("'retryable' must be a boolean", message);
      }
    } else {
      Object result = message.getValue("result");
      if (result != null && !(result instanceof JsonObject)) {
        // Results are objects downstream (inputs by job name); wrap a bare value.
        message.put("result", new JsonObject().put("value", result));
      }
    }
  }

  static boolean isUuid(String text) {
    try {
      UUID.fromString(text);
      return text.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
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
