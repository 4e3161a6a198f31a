package io.orchestrator.wire;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;

/** Sends a text message whose UTF-8 bytes are written already. */
public final class TextFrames {
  private TextFrames() {}

  /**
   * Sends {@code text} as one text frame of these bytes when it fits {@code maxFrameBytes} (the
   * peer's frame size): {@code writeTextMessage} would take a string and encode it again. A larger
   * message goes through {@code writeTextMessage}, which cuts it into fragments.
   */
  public static Future<Void> send(WebSocketBase socket, Buffer text, int maxFrameBytes) {
    return text.length() <= maxFrameBytes
        ? socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) text).getByteBuf(), true))
        : socket.writeTextMessage(text.toString(StandardCharsets.UTF_8));
  }
}
