package io.orchestrator.ports;

import com.fasterxml.jackson.core.JsonGenerator;
import io.orchestrator.domain.JsonBytes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * Writes one worker-protocol frame (UTF-8 text) straight from records: one message as an object,
 * several as an array. Assignments and acknowledgements are most of what a coordinator sends; built
 * as maps first and then encoded, they were most of what it allocated (docs/performance.md, fifth
 * round).
 */
final class FrameText {
  /** Writes one message of the frame. */
  interface Writer<T> {
    void write(T item, JsonGenerator out) throws IOException;
  }

  private FrameText() {}

  static <T> Buffer of(List<T> items, int bytesEach, Writer<T> writer) {
    return JsonBytes.write(bytesEach * items.size(), out -> {
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
    });
  }
}
