package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonCodecsTest {
  private static final Instant T = Instant.parse("2030-01-02T03:04:05.678Z");

  private static Job job(UUID workflowId, String name, List<String> deps, JsonObject result) {
    return new Job(UUID.randomUUID(), workflowId, name, "echo", JobState.FAILED, 5, 2, deps, "gpu", 3,
        new JsonObject().put("k", "v"), new RetryPolicy(4, 100, 1.5, 9_000), 12_345, "worker-7", result, "boom",
        T, T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(3), null);
  }

  @Test
  void aJobSurvivesTheRoundTripIncludingItsAttemptBase() {
    Job job = job(UUID.randomUUID(), "b", List.of("a"), new JsonObject().put("rows", 3));

    Job back = JobJson.decode(new JsonObject(JobJson.encode(job)));

    assertThat(back).isEqualTo(job);
    assertThat(back.attemptsUsed()).isEqualTo(3);
  }

  @Test
  void aWorkflowSurvivesTheRoundTripWithItsJobsAndIdempotencyKey() {
    UUID id = UUID.randomUUID();
    Workflow workflow = new Workflow(id, "etl", WorkflowState.FAILED, 7, new JsonObject().put("team", "x"), "key-1",
        T, T, T.plusSeconds(9), List.of(job(id, "a", List.of(), null), job(id, "b", List.of("a"), null)));

    Workflow back = WorkflowJson.decode(new JsonObject(WorkflowJson.encode(workflow)));

    assertThat(back).isEqualTo(workflow);
  }

  @Test
  void nullsStayNull() {
    UUID id = UUID.randomUUID();
    Workflow workflow = new Workflow(id, "w", WorkflowState.SUCCEEDED, 0, null, null, T, null, null, List.of());

    assertThat(WorkflowJson.decode(new JsonObject(WorkflowJson.encode(workflow)))).isEqualTo(workflow);
  }
}
