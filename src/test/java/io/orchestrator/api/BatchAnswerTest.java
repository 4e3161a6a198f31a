package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Submission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchAnswerTest {

  private static Submission submission(JsonObject labels, WorkflowState state, Instant finished, boolean created) {
    Instant at = Instant.parse("2026-11-27T20:10:11.123456Z");
    return new Submission(new Workflow(UUID.randomUUID(), "nightly \"etl\" ü", state, -7, labels, "key-1", at, at,
        finished, List.of()), created, new Effects());
  }

  @Test
  void eachItemIsTheWorkflowWithoutJobsPlusCreatedAsTheMapsWouldHaveSaidIt() {
    List<Submission> submissions = List.of(
        submission(new JsonObject().put("team", "data").put("nested", new JsonObject().put("n", 1)), WorkflowState.RUNNING,
            null, true),
        submission(new JsonObject(), WorkflowState.SUCCEEDED, Instant.parse("2026-11-27T20:10:12Z"), false),
        submission(null, WorkflowState.FAILED, Instant.parse("2026-11-27T20:10:13.5Z"), true));
    JsonArray expected = new JsonArray();
    submissions.forEach(s -> expected.add(s.workflow().toJson(false).put("created", s.created())));

    JsonObject answer = new JsonObject(BatchAnswer.of(submissions));

    assertThat(answer).isEqualTo(new JsonObject().put("items", expected));
    assertThat(answer.getJsonArray("items").getJsonObject(0).fieldNames())
        .containsExactlyElementsOf(expected.getJsonObject(0).fieldNames());
  }

  @Test
  void anEmptyBatchAnswersAnEmptyList() {
    assertThat(new JsonObject(BatchAnswer.of(List.of()))).isEqualTo(new JsonObject().put("items", new JsonArray()));
  }
}
