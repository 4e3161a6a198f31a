package io.orchestrator.worker;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTest {
  @Test
  void decodesAnObjectOrAnArrayOfObjects() {
    assertThat(Frames.decode("{\"type\":\"ack\"}")).extracting(m -> m.getString("type")).containsExactly("ack");
    assertThat(Frames.decode(" [{\"type\":\"a\"},{\"type\":\"b\"}]")).hasSize(2);
    assertThatThrownBy(() -> Frames.decode("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Frames.decode("nope")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneMessageIsAnObjectSeveralAnArraySplitByCountAndSize() {
    assertThat(Frames.encode(List.of(new JsonObject().put("type", "x")))).containsExactly("{\"type\":\"x\"}");

    List<JsonObject> many = IntStream.range(0, 250).mapToObj(i -> new JsonObject().put("i", i)).toList();
    List<String> frames = Frames.encode(many);
    assertThat(frames).hasSize(3);
    List<Integer> order = new ArrayList<>();
    frames.forEach(f -> Frames.decode(f).forEach(m -> order.add(m.getInteger("i"))));
    assertThat(order).isEqualTo(IntStream.range(0, 250).boxed().toList());

    String big = "x".repeat(100 * 1024);
    List<JsonObject> large = IntStream.range(0, 5).mapToObj(i -> new JsonObject().put("body", big)).toList();
    assertThat(Frames.encode(large)).hasSizeGreaterThan(1)
        .allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(Frames.MAX_BATCH_CHARS + 10));
  }
}
