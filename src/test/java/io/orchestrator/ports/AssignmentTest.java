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

  /** The assign message of API.md's worker protocol. */
  private static JsonObject message(Assignment a) {
    return new JsonObject()
        .put("type", "assign")
        .put("job_id", a.jobId().toString())
        .put("workflow_id", a.workflowId().toString())
        .put("job_name", a.jobName())
        .put("attempt", a.attempt())
        .put("job_type", a.type())
        .put("payload", a.payload())
        .put("inputs", a.inputs())
        .put("timeout_ms", a.timeoutMs());
  }

  @Test
  void aFrameOfOneIsItsMessageAndAFrameOfSeveralIsTheirArray() {
    Assignment a = assignment("a", new JsonObject().put("n", 1).put("s", "x\"y\n").put("list", new JsonArray().add(true)),
        new JsonObject().put("up", new JsonObject().put("rows", 3)));
    Assignment b = assignment("b \u00e9\u4e2d", null, new JsonObject());

    assertThat(new JsonObject(Assignment.frame(List.of(a)))).isEqualTo(message(a));
    assertThat(new JsonArray(Assignment.frame(List.of(a, b)))).isEqualTo(new JsonArray().add(message(a)).add(message(b)));
    assertThat(new JsonArray(Assignment.frame(List.of(a, b))).getJsonObject(1).containsKey("payload")).isTrue();
  }
}
