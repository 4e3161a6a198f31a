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
import java.util.UUID;

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
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<byte[]> UUID_TEXT = ThreadLocal.withInitial(() -> new byte[36]);

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

  /**
   * Writes a UUID (or null) as a string value, its text made as bytes: no {@code String}, and none of
   * the generator's per-character escaping, which its text never needs. Ids are most of the text of
   * assignments and acknowledgements; written as strings they were ~4 % of the coordinator's CPU in
   * memory W1 (docs/performance.md, ninth round). Only for generators that write bytes (all of this
   * class's).
   */
  public static void writeUuid(JsonGenerator out, UUID id) throws IOException {
    if (id == null) {
      out.writeNull();
      return;
    }
    byte[] text = UUID_TEXT.get(); // copied out by the generator: one per thread serves every id
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    hex(high >>> 32, text, 0, 8);
    text[8] = '-';
    hex(high >>> 16, text, 9, 4);
    text[13] = '-';
    hex(high, text, 14, 4);
    text[18] = '-';
    hex(low >>> 48, text, 19, 4);
    text[23] = '-';
    hex(low, text, 24, 12);
    out.writeRawUTF8String(text, 0, text.length);
  }

  /** The low {@code digits} hex digits of {@code value}, lower case, into {@code to} from {@code at}. */
  private static void hex(long value, byte[] to, int at, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      to[i] = HEX[(int) value & 0xF];
      value >>>= 4;
    }
  }

  /** The JSON {@code body} writes, as text (a Redis value, a SQL parameter). */
  public static String text(Body body) {
    return write(128, body).toString(StandardCharsets.UTF_8);
  }
}
