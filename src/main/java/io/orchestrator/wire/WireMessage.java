package io.orchestrator.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One message of a worker-protocol frame: its top-level fields in the order read, kept in two small
 * arrays rather than a map, with values as Vert.x reads JSON (objects and arrays as
 * {@link JsonObject} and {@link JsonArray}, the smallest fitting number type). Frames are read from
 * their UTF-8 bytes with a streaming parser. Reports and assignments, nearly every message, are read
 * from their fields without ever becoming a map; a message handled as an object is turned into one
 * ({@link #toJson}).
 */
public final class WireMessage {
  private static final JsonFactory JSON = new JsonFactory();

  private String[] names = new String[8];
  private Object[] values = new Object[8];
  private int size;

  /**
   * The messages of a frame, in order: one object, or an array of objects.
   *
   * @throws IllegalArgumentException naming what is wrong, when the frame is anything else
   */
  public static List<WireMessage> readFrame(Buffer frame) {
    ByteBuf bytes = ((BufferInternal) frame).getByteBuf();
    try (JsonParser parser = bytes.hasArray()
        ? JSON.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
        : JSON.createParser(frame.getBytes())) {
      List<WireMessage> messages = new ArrayList<>();
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        messages.add(message(parser));
      } else if (first == JsonToken.START_ARRAY) {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          if (token != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("every element of a frame array must be an object");
          }
          messages.add(message(parser));
        }
      } else {
        throw new IllegalArgumentException("frame is not a JSON object or array");
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("frame is not a JSON object or array: text after its end");
      }
      return messages;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("frame is not a JSON object or array: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // bytes in memory do not fail to read
    }
  }

  /** The field's value (the last one, when a name repeats, as in a map), or null. */
  public Object get(String name) {
    for (int i = size - 1; i >= 0; i--) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** The field's value when it is a string, else null. */
  public String string(String name) {
    return get(name) instanceof String text ? text : null;
  }

  /** The whole message as an object. */
  public JsonObject toJson() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      fields.put(names[i], values[i]);
    }
    return new JsonObject(fields);
  }

  private void add(String name, Object value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /** One object's fields, the parser on its START_OBJECT. */
  private static WireMessage message(JsonParser parser) throws IOException {
    WireMessage message = new WireMessage();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      message.add(name, value(parser));
    }
    return message;
  }

  /** The value at the parser's current token. */
  private static Object value(JsonParser parser) throws IOException {
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
      default -> throw new IllegalArgumentException("unexpected " + parser.currentToken());
    }
  }
}
