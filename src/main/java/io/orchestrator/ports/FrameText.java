package io.orchestrator.ports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the text of one worker-protocol frame straight from records: one message as an object,
 * several as an array. Assignments and acknowledgements are most of what a coordinator sends; built
 * as maps first and then encoded, they were most of what it allocated (docs/performance.md, fifth
 * round).
 */
final class FrameText {
  /** Writes one message of the frame. */
  interface Writer<T> {
    void write(T item, JsonGenerator out) throws IOException;
  }

  private static final JsonFactory JSON = new JsonFactory();

  private FrameText() {}

  static <T> String of(List<T> items, int bytesEach, Writer<T> writer) {
    StringWriter text = new StringWriter(bytesEach * items.size());
    try (JsonGenerator out = JSON.createGenerator(text)) {
      boolean many = items.size() != 1;
      if (many) {
        out.writeStartArray();
      }
      for (T item : items) {
        writer.write(item, out);
      }
      if (many) {
        out.writeEndArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }
}
