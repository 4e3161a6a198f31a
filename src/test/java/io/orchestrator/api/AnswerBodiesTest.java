package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Page;
import io.orchestrator.ports.Submission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The answers that carry workflows and jobs, written with the records' {@code writeJson}: the fields
 * of API.md in their order, times in UTC with milliseconds, absent values as null, text escaped.
 */
class AnswerBodiesTest {
  private static final Instant AT = Instant.parse("2026-11-27T20:10:11.123456Z");
  private static final String AT_TEXT = "2026-11-27T20:10:11.123Z";
  private static final List<String> WORKFLOW_FIELDS = List.of("id", "name", "state", "priority", "labels",
      "created_at", "started_at", "finished_at");
  private static final List<String> JOB_FIELDS = List.of("id", "workflow_id", "name", "type", "state", "attempt",
      "depends_on", "queue", "priority", "payload", "retry", "timeout_ms", "worker_id", "created_at", "queued_at",
      "started_at", "finished_at", "retry_at", "result", "error");

  private static Workflow workflow(JsonObject labels, WorkflowState state, Instant finished, List<Job> jobs) {
    return new Workflow(UUID.randomUUID(), "nightly \"etl\" ü", state, -7, labels, "key-1", AT, AT, finished, jobs);
  }

  private static Job job(UUID workflowId, String name, List<String> dependsOn, JobState state, JsonObject payload,
      JsonObject result, String error, Instant finished) {
    return new Job(UUID.randomUUID(), workflowId, name, "echo", state, 2, 1, dependsOn, "q.fast-1", 5, payload,
        new RetryPolicy(3, 250, 2.5, 10_000), 30_000, state == JobState.QUEUED ? null : "worker-1", result, error,
        AT, AT, state == JobState.QUEUED ? null : AT.plusMillis(3), finished, null);
  }

  private static List<String> fields(JsonObject json) {
    return new ArrayList<>(json.fieldNames());
  }

  private static void assertWorkflowSummary(JsonObject json, Workflow expected) {
    assertThat(json.getString("id")).isEqualTo(expected.id().toString());
    assertThat(json.getString("name")).isEqualTo(expected.name());
    assertThat(json.getString("state")).isEqualTo(expected.state().name());
    assertThat(json.getInteger("priority")).isEqualTo(expected.priority());
    assertThat(json.getValue("labels")).isEqualTo(expected.labels());
    assertThat(json.getString("created_at")).isEqualTo(AT_TEXT);
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

    JsonArray items = new JsonObject(AnswerBodies.batch(submissions)).getJsonArray("items");

    assertThat(items).hasSize(3);
    List<String> withCreated = new ArrayList<>(WORKFLOW_FIELDS);
    withCreated.add("created");
    for (int i = 0; i < 3; i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(fields(item)).containsExactlyElementsOf(withCreated);
      assertWorkflowSummary(item, submissions.get(i).workflow());
      assertThat(item.getBoolean("created")).isEqualTo(submissions.get(i).created());
    }
    assertThat(items.getJsonObject(0).getString("finished_at")).isNull();
    assertThat(items.getJsonObject(1).getString("finished_at")).isEqualTo("2026-11-27T20:10:12.123Z");
    assertThat(items.getJsonObject(2).getString("finished_at")).isEqualTo("2026-11-27T20:10:13.500Z");
    assertThat(items.getJsonObject(2).containsKey("labels")).isTrue();
    assertThat(new JsonObject(AnswerBodies.batch(List.of()))).isEqualTo(new JsonObject().put("items", new JsonArray()));
  }

  @Test
  void aWorkflowAnswerCarriesItsJobsWithEveryField() {
    UUID id = UUID.randomUUID();
    List<Job> jobs = List.of(
        job(id, "extract", List.of(), JobState.SUCCEEDED, new JsonObject().put("rows", 3),
            new JsonObject().put("out", new JsonArray().add(1).add("two")), null, AT.plusMillis(9)),
        job(id, "load", List.of("extract", "clean"), JobState.FAILED, new JsonObject(), null, "boom \"quoted\"",
            AT.plusSeconds(2)),
        job(id, "report", List.of("load"), JobState.QUEUED, new JsonObject(), null, null, null));
    Workflow workflow = workflow(new JsonObject().put("team", "data"), WorkflowState.FAILED, AT.plusSeconds(3), jobs);

    JsonObject json = new JsonObject(AnswerBodies.workflow(workflow));

    List<String> withJobs = new ArrayList<>(WORKFLOW_FIELDS);
    withJobs.add("jobs");
    assertThat(fields(json)).containsExactlyElementsOf(withJobs);
    assertWorkflowSummary(json, workflow);
    JsonArray written = json.getJsonArray("jobs");
    assertThat(written).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(fields(written.getJsonObject(i))).containsExactlyElementsOf(JOB_FIELDS);
      assertThat(written.getJsonObject(i)).isEqualTo(new JsonObject(AnswerBodies.job(jobs.get(i))));
    }
    JsonObject extract = written.getJsonObject(0);
    assertThat(extract.getString("id")).isEqualTo(jobs.get(0).id().toString());
    assertThat(extract.getString("workflow_id")).isEqualTo(id.toString());
    assertThat(extract.getInteger("attempt")).isEqualTo(2);
    assertThat(extract.getJsonObject("payload")).isEqualTo(new JsonObject().put("rows", 3));
    assertThat(extract.getJsonObject("result")).isEqualTo(new JsonObject().put("out", new JsonArray().add(1).add("two")));
    assertThat(extract.getJsonObject("retry")).isEqualTo(new JsonObject().put("max_attempts", 3)
        .put("initial_delay_ms", 250).put("multiplier", 2.5).put("max_delay_ms", 10_000));
    assertThat(extract.getLong("timeout_ms")).isEqualTo(30_000L);
    assertThat(extract.getString("started_at")).isEqualTo("2026-11-27T20:10:11.126Z");
    assertThat(extract.getString("finished_at")).isEqualTo("2026-11-27T20:10:11.132Z");
    JsonObject load = written.getJsonObject(1);
    assertThat(load.getJsonArray("depends_on")).isEqualTo(new JsonArray().add("extract").add("clean"));
    assertThat(load.getString("error")).isEqualTo("boom \"quoted\"");
    assertThat(load.getValue("result")).isNull();
    JsonObject report = written.getJsonObject(2);
    assertThat(report.getString("worker_id")).isNull();
    assertThat(report.getString("started_at")).isNull();
    assertThat(report.getString("retry_at")).isNull();
  }

  @Test
  void aPageListsWorkflowsWithoutJobsAndTheNextCursor() {
    Workflow first = workflow(new JsonObject(), WorkflowState.RUNNING, null, List.of());
    Workflow second = workflow(new JsonObject(), WorkflowState.SUCCEEDED, AT, List.of());

    JsonObject json = new JsonObject(AnswerBodies.page(new Page<>(List.of(first, second), "cursor-1")));

    assertThat(fields(json)).containsExactly("items", "next_cursor");
    assertThat(json.getString("next_cursor")).isEqualTo("cursor-1");
    assertThat(fields(json.getJsonArray("items").getJsonObject(1))).containsExactlyElementsOf(WORKFLOW_FIELDS);
    assertWorkflowSummary(json.getJsonArray("items").getJsonObject(1), second);
    assertThat(new JsonObject(AnswerBodies.page(new Page<>(List.of(), null))))
        .isEqualTo(new JsonObject().put("items", new JsonArray()).putNull("next_cursor"));
  }
}
