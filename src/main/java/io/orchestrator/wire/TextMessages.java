package io.orchestrator.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Gathers a WebSocket's text messages (one frame, or a first frame and its continuations) as their
 * UTF-8 bytes: what {@code textMessageHandler} does, without decoding every message to a string
 * that a parser then reads again character by character (~8 % of a worker's CPU in memory W1,
 * docs/performance.md, ninth round). Set it as the socket's {@code frameHandler}; Vert.x answers
 * pings and closes itself.
 */
public final class TextMessages implements Handler<WebSocketFrame> {
  private final int maxMessageBytes;
  private final Handler<Buffer> onText;
  private final Handler<String> onRefused;
  /** The message being gathered from fragments, or null. */
  private Buffer partial;
  private boolean partialIsText;
  /** The rest of a refused message's fragments are dropped. */
  private boolean dropping;

  /**
   * @param onText each whole text message, as bytes
   * @param onRefused why a message was refused: a binary message, or one above {@code maxMessageBytes}
   */
  public TextMessages(int maxMessageBytes, Handler<Buffer> onText, Handler<String> onRefused) {
    this.maxMessageBytes = maxMessageBytes;
    this.onText = onText;
    this.onRefused = onRefused;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      partial = null;
      dropping = false;
      if (frame.isFinal()) {
        deliver(frame.isText(), frame.binaryData());
      } else {
        partialIsText = frame.isText();
        partial = Buffer.buffer(Math.max(1024, frame.binaryData().length() * 2));
        gather(frame);
      }
    } else if (frame.isContinuation()) {
      if (partial != null) {
        gather(frame);
      } else if (!dropping) {
        onRefused.handle("a continuation frame without a first frame");
      }
      if (frame.isFinal()) {
        dropping = false;
      }
    }
  }

  private void gather(WebSocketFrame frame) {
    partial.appendBuffer(frame.binaryData());
    if (partial.length() > maxMessageBytes) {
      partial = null;
      dropping = !frame.isFinal();
      onRefused.handle("a message above " + maxMessageBytes + " bytes");
    } else if (frame.isFinal()) {
      Buffer whole = partial;
      partial = null;
      deliver(partialIsText, whole);
    }
  }

  private void deliver(boolean text, Buffer message) {
    if (!text) {
      onRefused.handle("binary messages are not supported");
    } else if (message.length() > maxMessageBytes) {
      onRefused.handle("a message above " + maxMessageBytes + " bytes");
    } else {
      onText.handle(message);
    }
  }
}
