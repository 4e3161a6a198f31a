package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Times;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reads: unknown ids, the workflow list's pages, the audit trail, analytics, and ping.
 */
public abstract class StateStoreQueryContract extends StateStoreContract {
  @Test
  void unknownIdsAreNull() {
    UUID unknown = UUID.randomUUID();
    assertThat(await(store.workflow(unknown))).isNull();
    assertThat(await(store.job(unknown))).isNull();
    assertThat(await(store.events(unknown))).isNull();
  }

  @Test
  void listsNewestFirstWithCursorAndStateFilter() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(submit(workflow(job("only"))).id());
    }
    run(ids.get(1), "only");
    List<UUID> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);

    Page<Workflow> first = await(store.workflows(null, 3, null));
    assertThat(first.items()).extracting(Workflow::id).containsExactlyElementsOf(newestFirst.subList(0, 3));
    assertThat(first.items()).allSatisfy(w -> assertThat(w.jobs()).isEmpty());
    assertThat(first.nextCursor()).isNotNull();
    Page<Workflow> second = await(store.workflows(null, 3, first.nextCursor()));
    assertThat(second.items()).extracting(Workflow::id).containsExactly(newestFirst.get(3));
    assertThat(second.nextCursor()).isNull();

    Page<Workflow> exact = await(store.workflows(null, 2, await(store.workflows(null, 2, null)).nextCursor()));
    assertThat(exact.items()).extracting(Workflow::id).containsExactlyElementsOf(newestFirst.subList(2, 4));
    assertThat(exact.nextCursor()).as("no cursor after the last page").isNull();

    assertThat(await(store.workflows(WorkflowState.SUCCEEDED, 10, null)).items())
        .extracting(Workflow::id).containsExactly(ids.get(1));
    Page<Workflow> running = await(store.workflows(WorkflowState.RUNNING, 2, null));
    assertThat(running.items()).extracting(Workflow::id).containsExactly(ids.get(3), ids.get(2));
    assertThat(await(store.workflows(WorkflowState.RUNNING, 2, running.nextCursor())).items())
        .extracting(Workflow::id).containsExactly(ids.get(0));
    assertThat(await(store.workflows(WorkflowState.FAILED, 10, null)).items()).isEmpty();
  }

  @Test
  void aBadCursorFails() {
    assertThat(store.workflows(null, 10, "not-a-cursor").toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(20));
  }

  // ---- audit trail -----------------------------------------------------------------------------

  @Test
  void auditTrailHoldsEveryTransitionInOrder() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE), job("b", "a")));
    UUID a = jobId(wf.id(), "a");
    start(a, W1);
    report(Report.fail(a, 1, W1, "flaky", true));
    start(a, W2);
    report(Report.complete(a, 1, W1, new JsonObject()));
    report(Report.complete(a, 2, W2, new JsonObject()));
    Assignment b = start(jobId(wf.id(), "b"), W1);
    ReportBatch lastBatch = report(Report.complete(b.jobId(), 1, W1, new JsonObject()));

    assertThat(transitions(wf.id())).containsExactly(
        "wf:null>RUNNING", "a:null>QUEUED", "b:null>BLOCKED",
        "a:QUEUED>RUNNING", "a:RUNNING>QUEUED", "a:QUEUED>RUNNING",
        "a:rejected:RUNNING>RUNNING",
        "a:RUNNING>SUCCEEDED", "b:BLOCKED>QUEUED",
        "b:QUEUED>RUNNING", "b:RUNNING>SUCCEEDED", "wf:RUNNING>SUCCEEDED");
    List<AuditEvent> events = await(store.events(wf.id()));
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isGreaterThan(events.get(i - 1).seq());
    }
    assertThat(events).allSatisfy(e -> {
      assertThat(e.workflowId()).isEqualTo(wf.id());
      assertThat(e.at()).isNotNull();
      assertThat(e.coordinatorId()).isNotBlank();
    });
    assertThat(events).filteredOn(e -> "RUNNING".equals(e.toState()) && e.jobId() != null
            && e.kind().equals(AuditEvent.JOB_STATE))
        .extracting(AuditEvent::attempt, AuditEvent::workerId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, W1), org.assertj.core.groups.Tuple.tuple(2, W2),
            org.assertj.core.groups.Tuple.tuple(1, W1));
    // The change feed of a batch is its audit rows.
    List<JsonObject> lastRows = events.subList(events.size() - 2, events.size()).stream()
        .map(AuditEvent::toJson).toList();
    assertThat(lastBatch.effects().changes).extracting(AuditEvent::toJson).containsExactlyElementsOf(lastRows);
  }

  // ---- analytics and liveness ------------------------------------------------------------------

  @Test
  void analyticsCountsASmallRun() {
    Instant since = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
    await(store.saveWorker(worker(W1, 4, since, since)));
    Workflow ok = submit(workflow(job("a", "alpha", NO_RETRY), job("b", "beta", NO_RETRY, "a")));
    run(ok.id(), "a");
    run(ok.id(), "b");
    Workflow bad = submit(workflow(job("f", "beta", RETRY_AT_ONCE)));
    UUID f = jobId(bad.id(), "f");
    start(f, W2);
    report(Report.fail(f, 1, W2, "flaky", true));
    start(f, W2);
    report(Report.fail(f, 2, W2, "broken", false));
    submit(workflow(job("waits")));

    JsonObject analytics = await(store.analytics(since));

    assertThat(analytics.getString("since")).isEqualTo(Times.format(since));
    assertThat(analytics.getJsonObject("workflows")).isEqualTo(new JsonObject()
        .put("RUNNING", 1).put("SUCCEEDED", 1).put("FAILED", 1).put("CANCELLED", 0));
    JsonObject jobs = analytics.getJsonObject("jobs");
    assertThat(jobs.fieldNames()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(JobState.values()).map(Enum::name).toList());
    assertThat(jobs.getInteger("SUCCEEDED")).isEqualTo(2);
    assertThat(jobs.getInteger("FAILED")).isEqualTo(1);
    assertThat(jobs.getInteger("QUEUED")).isEqualTo(1);
    assertThat(jobs.getInteger("RUNNING")).isZero();
    assertThat(analytics.getDouble("success_rate")).isEqualTo(0.5);
    JsonObject durations = analytics.getJsonObject("job_duration_ms");
    assertThat(durations.fieldNames()).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(durations.getJsonObject("beta").getInteger("count")).isEqualTo(1);
    assertThat(durations.getJsonObject("alpha").getLong("p99")).isNotNull().isNotNegative();
    JsonObject wait = analytics.getJsonObject("queue_wait_ms");
    assertThat(wait.getInteger("count")).isEqualTo(4);
    assertThat(wait.getLong("p50")).isNotNegative();
    assertThat(wait.getLong("p50")).isLessThanOrEqualTo(wait.getLong("p95"));
    assertThat(wait.getLong("p95")).isLessThanOrEqualTo(wait.getLong("p99"));
    JsonArray throughput = analytics.getJsonArray("throughput_per_minute");
    assertThat(throughput.stream().mapToInt(m -> ((JsonObject) m).getInteger("completed")).sum()).isEqualTo(2);
    assertThat(throughput.getJsonObject(0).getString("minute")).endsWith(":00Z");
    assertThat(analytics.getJsonArray("top_failing_types"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("type", "beta").put("failures", 2L)));
    JsonArray workers = analytics.getJsonArray("workers");
    assertThat(workers.size()).isEqualTo(2);
    JsonObject w1 = workers.stream().map(JsonObject.class::cast)
        .filter(w -> W1.equals(w.getString("worker_id"))).findFirst().orElseThrow();
    JsonObject w2 = workers.stream().map(JsonObject.class::cast)
        .filter(w -> W2.equals(w.getString("worker_id"))).findFirst().orElseThrow();
    assertThat(w1.getInteger("attempts")).isEqualTo(2);
    assertThat(w1.getLong("busy_ms")).isNotNegative();
    assertThat(w1.getDouble("utilisation")).isNotNull().isBetween(0.0, 1.0);
    assertThat(w2.getInteger("attempts")).isEqualTo(2);
    assertThat(w2.getValue("utilisation")).as("concurrency unknown").isNull();

    JsonObject empty = await(store.analytics(FAR_FUTURE));
    assertThat(empty.getJsonObject("workflows")).isEqualTo(new JsonObject()
        .put("RUNNING", 0).put("SUCCEEDED", 0).put("FAILED", 0).put("CANCELLED", 0));
    assertThat(empty.getValue("success_rate")).isNull();
    assertThat(empty.getJsonObject("queue_wait_ms").getInteger("count")).isZero();
    assertThat(empty.getJsonObject("queue_wait_ms").getValue("p50")).isNull();
  }

  @Test
  void pingSucceeds() {
    await(store.ping());
  }
}
