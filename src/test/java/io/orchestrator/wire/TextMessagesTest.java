package io.orchestrator.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextMessagesTest {
  private final List<String> texts = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final TextMessages messages = new TextMessages(10,
      bytes -> texts.add(bytes.toString(StandardCharsets.UTF_8)), refused::add);

  @Test
  void aWholeTextFrameIsOneMessageAndFragmentsAreJoined() {
    messages.handle(WebSocketFrame.textFrame("{\"a\":1}", true));
    messages.handle(WebSocketFrame.textFrame("[1,", false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("2,"), false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("3]"), true));
    messages.handle(WebSocketFrame.textFrame("é✓", true));

    assertThat(texts).containsExactly("{\"a\":1}", "[1,2,3]", "é✓");
    assertThat(refused).isEmpty();
  }

  @Test
  void binaryMessagesAreRefusedOnceWholeOrInFragments() {
    messages.handle(WebSocketFrame.binaryFrame(Buffer.buffer("x"), true));
    messages.handle(WebSocketFrame.binaryFrame(Buffer.buffer("x"), false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("y"), true));
    messages.handle(WebSocketFrame.textFrame("ok", true));

    assertThat(refused).containsExactly("binary messages are not supported", "binary messages are not supported");
    assertThat(texts).containsExactly("ok");
  }

  @Test
  void aMessageAboveTheLimitIsRefusedAndTheRestOfItsFragmentsDropped() {
    messages.handle(WebSocketFrame.textFrame("12345678901", true));
    messages.handle(WebSocketFrame.textFrame("123456", false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("789012"), false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("345"), false));
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("678"), true));
    messages.handle(WebSocketFrame.textFrame("1234567890", true));

    assertThat(refused).containsExactly("a message above 10 bytes", "a message above 10 bytes");
    assertThat(texts).containsExactly("1234567890");
  }

  @Test
  void aContinuationWithoutAFirstFrameIsRefused() {
    messages.handle(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    messages.handle(WebSocketFrame.textFrame("ok", true));

    assertThat(refused).containsExactly("a continuation frame without a first frame");
    assertThat(texts).containsExactly("ok");
  }

  @Test
  void aNewMessageAbandonsAnUnfinishedOne() {
    messages.handle(WebSocketFrame.textFrame("[1,", false));
    messages.handle(WebSocketFrame.textFrame("{}", true));

    assertThat(texts).containsExactly("{}");
  }
}
