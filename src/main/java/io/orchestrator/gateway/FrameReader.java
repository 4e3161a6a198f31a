package io.orchestrator.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads a worker frame (one message, or an array of them) with a streaming parser. A report's
 * fields are kept as they are read, without a map per message: reports are nearly every message a
 * worker sends, and parsing each into a tree of maps and then again into a report was ~10 % of what
 * the coordinator allocated while jobs ran (docs/performance.md, eighth round). Every other message
 * is rare and is handled as an object ({@link IncomingMessage#toJson}).
 */
final class FrameReader {
  private static final JsonFactory JSON = new JsonFactory();

  private FrameReader() {}

  /** The frame's messages in order; a frame that is not an object or an array of objects is refused whole. */
  static List<IncomingMessage> read(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      List<IncomingMessage> messages = new ArrayList<>();
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        messages.add(message(parser));
      } else if (first == JsonToken.START_ARRAY) {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          if (token != JsonToken.START_OBJECT) {
            throw new ProtocolError(ProtocolError.BAD_FRAME, "every element of a frame array must be an object", null);
          }
          messages.add(message(parser));
        }
      } else {
        throw new ProtocolError(ProtocolError.BAD_FRAME, "frame is not a JSON object or array", null);
      }
      if (parser.nextToken() != null) {
        throw new ProtocolError(ProtocolError.BAD_FRAME, "frame is not a JSON object or array: text after its end", null);
      }
      return messages;
    } catch (JsonProcessingException e) {
      throw new ProtocolError(ProtocolError.BAD_FRAME, "frame is not a JSON object or array: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string does not fail to read
    }
  }

  /** One object's fields, the parser on its START_OBJECT. */
  private static IncomingMessage message(JsonParser parser) throws IOException {
    IncomingMessage message = new IncomingMessage();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      message.set(name, value(parser));
    }
    return message;
  }

  /**
   * The value at the parser's current token, as Vert.x's own parser makes it: objects and arrays
   * as {@link JsonObject} and {@link JsonArray}, the smallest fitting number type.
   */
  static Object value(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          fields.put(name, value(parser));
        }
        return new JsonObject(fields);
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser));
        }
        return new JsonArray(items);
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new ProtocolError(ProtocolError.BAD_FRAME, "unexpected " + parser.currentToken(), null);
    }
  }
}
