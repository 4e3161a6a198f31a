package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON written with a generator straight into the buffer that is sent: no map tree, no text, no
 * copy. A frame or an answer written to a {@code StringWriter} (or a byte array stream) was held
 * three or four times over on its way to the socket: the characters, the string, its UTF-8 bytes,
 * the buffer (docs/performance.md, eighth round). The records' JSON (workflows, jobs,
 * retry policies) is written only this way, by their {@code writeJson}.
 */
public final class JsonBytes {
  /** Writes the JSON. */
  public interface Body {
    void write(JsonGenerator out) throws IOException;
  }

  private static final JsonFactory JSON = new JsonFactory();

  private JsonBytes() {}

  /** The JSON {@code body} writes, in a buffer first sized {@code expectedBytes} (it grows if needed). */
  public static Buffer write(int expectedBytes, Body body) {
    ByteBuf bytes = heapBuffer(expectedBytes);
    append(bytes, body);
    return BufferInternal.buffer(bytes);
  }

  /**
   * An empty buffer first sized {@code expectedBytes}, for JSON written in several parts
   * ({@link #append}): Vert.x's own heap buffers (what {@code Buffer.buffer(int)} makes), not
   * reference-counted, no leak tracking.
   */
  public static ByteBuf heapBuffer(int expectedBytes) {
    return VertxByteBufAllocator.DEFAULT.heapBuffer(Math.max(16, expectedBytes), Integer.MAX_VALUE);
  }

  /** Writes the JSON {@code body} writes at the end of {@code bytes}. */
  public static void append(ByteBuf bytes, Body body) {
    try (JsonGenerator out = JSON.createGenerator((OutputStream) new ByteBufOutputStream(bytes))) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a heap buffer does not fail
    }
  }

  /** The JSON {@code body} writes, as text (a Redis value, a SQL parameter). */
  public static String text(Body body) {
    return write(128, body).toString(StandardCharsets.UTF_8);
  }
}
