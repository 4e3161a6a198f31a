package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssignmentTest {
  private static Assignment assignment(String name, JsonObject payload, JsonObject inputs) {
    return new Assignment(UUID.randomUUID(), UUID.randomUUID(), name, 2, "echo", "default", payload, inputs, 30_000,
        "w1", Instant.parse("2026-01-01T00:00:00Z"), true);
  }

  @Test
  void aFrameOfOneIsItsMessageAndAFrameOfSeveralIsTheirArray() {
    Assignment a = assignment("a", new JsonObject().put("n", 1).put("s", "x\"y\n").put("list", new JsonArray().add(true)),
        new JsonObject().put("up", new JsonObject().put("rows", 3)));
    Assignment b = assignment("b \u00e9\u4e2d", null, new JsonObject());

    assertThat(new JsonObject(Assignment.frame(List.of(a)))).isEqualTo(a.toMessage());
    assertThat(new JsonArray(Assignment.frame(List.of(a, b)))).isEqualTo(new JsonArray().add(a.toMessage()).add(b.toMessage()));
    assertThat(new JsonArray(Assignment.frame(List.of(a, b))).getJsonObject(1).containsKey("payload")).isTrue();
  }
}
