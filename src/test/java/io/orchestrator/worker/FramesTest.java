package io.orchestrator.worker;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FramesTest {
  @Test
  void oneMessageIsAnObjectSeveralAnArraySplitByCountAndSize() {
    assertThat(text(Frames.encode(List.of(Outgoing.of(new JsonObject().put("type", "x").put("é", "ü\"q")))))).containsExactly(
        "{\"type\":\"x\",\"é\":\"ü\\\"q\"}");

    List<Outgoing> many = IntStream.range(0, 250).mapToObj(i -> Outgoing.of(new JsonObject().put("i", i))).toList();
    List<String> frames = text(Frames.encode(many));
    assertThat(frames).hasSize(3).allSatisfy(f -> assertThat(f).startsWith("[").endsWith("]"));
    assertThat(order(frames)).isEqualTo(IntStream.range(0, 250).boxed().toList());

    // 5 messages of 100 KB: two per frame fit under 256 KB, the third opens the next frame.
    String big = "x".repeat(100 * 1024);
    List<Outgoing> large = IntStream.range(0, 5).mapToObj(i -> Outgoing.of(new JsonObject().put("i", i).put("body", big))).toList();
    List<String> split = text(Frames.encode(large));
    assertThat(split).hasSize(3).allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(Frames.MAX_BATCH_BYTES));
    assertThat(order(split)).containsExactly(0, 1, 2, 3, 4);
    // A message larger than a frame's size travels alone.
    String huge = "y".repeat(300 * 1024);
    List<String> alone = text(Frames.encode(List.of(Outgoing.of(new JsonObject().put("i", 0)),
        Outgoing.of(new JsonObject().put("i", 1).put("body", huge)), Outgoing.of(new JsonObject().put("i", 2)))));
    assertThat(alone).hasSize(3);
    assertThat(order(alone)).containsExactly(0, 1, 2);
  }

  private static List<String> text(List<Buffer> frames) {
    return frames.stream().map(Buffer::toString).toList();
  }

  private static List<Integer> order(List<String> frames) {
    List<Integer> order = new ArrayList<>();
    frames.forEach(f -> FakeCoordinator.decode(f).forEach(m -> order.add(m.getInteger("i"))));
    return order;
  }
}
