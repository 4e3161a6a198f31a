package io.orchestrator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMessageTest {
  @Test
  void readsAnObjectOrAnArrayOfObjectsWithValuesAsVertxReadsThem() {
    String text = "{\"type\":\"assign\",\"n\":7,\"big\":12345678901,\"f\":1.5,\"t\":true,\"no\":null,"
        + "\"o\":{\"a\":[1,\"x\",{\"é\":\"✓\"}]},\"s\":\"q\\\"uote\"}";
    List<WireMessage> one = WireMessage.readFrame(Buffer.buffer(text));

    assertThat(one).hasSize(1);
    WireMessage message = one.get(0);
    assertThat(message.string("type")).isEqualTo("assign");
    assertThat(message.get("n")).isEqualTo(7);
    assertThat(message.get("big")).isEqualTo(12345678901L);
    assertThat(message.string("n")).isNull();
    assertThat(message.get("missing")).isNull();
    assertThat(message.toJson()).isEqualTo(new JsonObject(text));
    assertThat(message.toJson().fieldNames()).containsExactly("type", "n", "big", "f", "t", "no", "o", "s");

    List<WireMessage> many = WireMessage.readFrame(Buffer.buffer(" [{\"type\":\"a\"},{\"type\":\"b\"}] "));
    assertThat(many).extracting(m -> m.string("type")).containsExactly("a", "b");
    assertThat(WireMessage.readFrame(Buffer.buffer("[]"))).isEmpty();
  }

  @Test
  void aRepeatedNameKeepsItsLastValueAsAMapWould() {
    WireMessage message = WireMessage.readFrame(Buffer.buffer("{\"a\":1,\"b\":2,\"a\":3}")).get(0);
    assertThat(message.get("a")).isEqualTo(3);
    assertThat(message.toJson()).isEqualTo(new JsonObject().put("a", 3).put("b", 2));
  }

  @Test
  void readsManyFieldsAndTheBytesOfASlice() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < 20; i++) {
      text.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    text.append('}');
    Buffer padded = Buffer.buffer("xx" + text + "yy");
    WireMessage message = WireMessage.readFrame(padded.slice(2, padded.length() - 2)).get(0);
    assertThat(message.get("f19")).isEqualTo(19);
    assertThat(message.toJson().size()).isEqualTo(20);

    Buffer direct = BufferInternal.buffer(Unpooled.directBuffer().writeBytes(
        "{\"type\":\"ack\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(WireMessage.readFrame(direct).get(0).string("type")).isEqualTo("ack");
  }

  @Test
  void anythingButAnObjectOrAnArrayOfObjectsIsRefusedNamingWhy() {
    assertRefused("[1]", "every element of a frame array must be an object");
    assertRefused("[{\"type\":\"a\"}, []]", "every element of a frame array must be an object");
    assertRefused("nope", "frame is not a JSON object or array");
    assertRefused("\"text\"", "frame is not a JSON object or array");
    assertRefused("", "frame is not a JSON object or array");
    assertRefused("{\"a\":1} {\"b\":2}", "text after its end");
    assertRefused("{\"a\":", "frame is not a JSON object or array");
    assertRefused("{\"a\":[1,2}", "frame is not a JSON object or array");
  }

  private static void assertRefused(String frame, String why) {
    assertThatThrownBy(() -> WireMessage.readFrame(Buffer.buffer(frame)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
  }
}
