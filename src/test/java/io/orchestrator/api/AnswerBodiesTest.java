package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
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

/** The bodies written with a generator say what the records' toJson says, field order included. */
class AnswerBodiesTest {
  private static final Instant AT = Instant.parse("2026-11-27T20:10:11.123456Z");

  private static Workflow workflow(JsonObject labels, WorkflowState state, Instant finished, List<Job> jobs) {
    return new Workflow(UUID.randomUUID(), "nightly \"etl\" ü", state, -7, labels, "key-1", AT, AT, finished, jobs);
  }

  private static Job job(UUID workflowId, String name, List<String> dependsOn, JobState state, JsonObject payload,
      JsonObject result, String error, Instant finished) {
    return new Job(UUID.randomUUID(), workflowId, name, "echo", state, 2, 1, dependsOn, "q.fast-1", 5, payload,
        new RetryPolicy(3, 250, 2.5, 10_000), 30_000, state == JobState.QUEUED ? null : "worker-1", result, error,
        AT, AT, state == JobState.QUEUED ? null : AT.plusMillis(3), finished, null);
  }

  private static void assertSameJson(JsonObject written, JsonObject expected) {
    assertThat(written).isEqualTo(expected);
    assertThat(written.encode()).isEqualTo(expected.encode()); // the same fields in the same order
  }

  @Test
  void aBatchAnswerListsEachWorkflowWithoutJobsAndWhetherItWasCreated() {
    List<Submission> submissions = List.of(
        new Submission(workflow(new JsonObject().put("team", "data").put("nested", new JsonObject().put("n", 1)),
            WorkflowState.RUNNING, null, List.of()), true, new Effects()),
        new Submission(workflow(new JsonObject(), WorkflowState.SUCCEEDED, AT.plusSeconds(1), List.of()), false,
            new Effects()),
        new Submission(workflow(null, WorkflowState.FAILED, Instant.parse("2026-11-27T20:10:13.5Z"), List.of()), true,
            new Effects()));
    JsonArray expected = new JsonArray();
    submissions.forEach(s -> expected.add(s.workflow().toJson(false).put("created", s.created())));

    assertSameJson(new JsonObject(AnswerBodies.batch(submissions)), new JsonObject().put("items", expected));
    assertSameJson(new JsonObject(AnswerBodies.batch(List.of())), new JsonObject().put("items", new JsonArray()));
  }

  @Test
  void aWorkflowAnswerCarriesItsJobsAsTheirOwnJson() {
    UUID id = UUID.randomUUID();
    List<Job> jobs = List.of(
        job(id, "extract", List.of(), JobState.SUCCEEDED, new JsonObject().put("rows", 3),
            new JsonObject().put("out", new JsonArray().add(1).add("two")), null, AT.plusMillis(9)),
        job(id, "load", List.of("extract", "clean"), JobState.FAILED, new JsonObject(), null, "boom \"quoted\"",
            AT.plusSeconds(2)),
        job(id, "report", List.of("load"), JobState.QUEUED, new JsonObject(), null, null, null));
    Workflow workflow = workflow(new JsonObject().put("team", "data"), WorkflowState.FAILED, AT.plusSeconds(3), jobs);

    assertSameJson(new JsonObject(AnswerBodies.workflow(workflow)), workflow.toJson(true));
  }
}
