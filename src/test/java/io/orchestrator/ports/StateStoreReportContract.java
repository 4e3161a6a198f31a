package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reports of completion: dependants released once, a workflow finished once, duplicate and
 * rejected reports applied never (and rejections audited).
 */
public abstract class StateStoreReportContract extends StateStoreContract {
  @Test
  void aJoinWhoseDependenciesSucceedInOneBatchIsReleasedOnce() {
    Workflow wf = submit(workflow(job("a"), job("b"), job("c"), job("join", "a", "b", "c")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Assignment b = start(jobId(wf.id(), "b"), W1);
    Assignment c = start(jobId(wf.id(), "c"), W1);
    Effects first = report(Report.complete(a.jobId(), a.attempt(), W1, new JsonObject())).effects();
    assertThat(first.ready).isEmpty();
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.BLOCKED);

    ReportBatch both = report(Report.complete(b.jobId(), b.attempt(), W1, new JsonObject()),
        Report.complete(c.jobId(), c.attempt(), W1, new JsonObject()));
    assertThat(both.results()).allSatisfy(r -> assertThat(r.applied()).isTrue());
    assertThat(readyIds(both.effects())).containsExactly(jobId(wf.id(), "join"));
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.QUEUED);
    assertThat(transitions(wf.id())).filteredOn(t -> t.startsWith("join:")).containsExactly("join:null>BLOCKED",
        "join:BLOCKED>QUEUED");
    // A late duplicate of a completion changes nothing and releases nothing.
    ReportBatch late = report(Report.complete(c.jobId(), c.attempt(), W1, new JsonObject()));
    assertThat(late.effects().ready).isEmpty();
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.QUEUED);
    assertThat(start(jobId(wf.id(), "join"), W1).attempt()).isEqualTo(1);
  }

  @Test
  void diamondRunsToSuccessReleasingEachJobOnce() {
    Workflow wf = submit(diamond());
    Map<String, Job> jobs = jobs(wf.id());

    Effects afterA = run(wf.id(), "a");
    assertThat(readyIds(afterA)).containsExactlyInAnyOrder(jobs.get("b").id(), jobs.get("c").id());
    assertThat(afterA.finished).isEmpty();
    Effects afterB = run(wf.id(), "b");
    assertThat(afterB.ready).as("d still waits for c").isEmpty();
    assertThat(state(wf.id(), "d")).isEqualTo(JobState.BLOCKED);
    Effects afterC = run(wf.id(), "c");
    assertThat(readyIds(afterC)).containsExactly(jobs.get("d").id());
    assertThat(afterC.ready.get(0)).isEqualTo(new QueuedJob(jobs.get("d").id(), wf.id(), "default", "echo", 0, 0));
    Effects afterD = run(wf.id(), "d");
    assertThat(afterD.ready).isEmpty();
    assertThat(afterD.finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));

    Workflow done = await(store.workflow(wf.id()));
    assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(done.jobs()).allSatisfy(j -> {
      assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(j.attempt()).isEqualTo(1);
      assertThat(j.result()).isEqualTo(new JsonObject().put("from", j.name()));
      assertThat(j.finishedAt()).isNotNull();
    });
    assertThat(transitions(wf.id())).filteredOn(t -> t.endsWith("BLOCKED>QUEUED"))
        .containsExactlyInAnyOrder("b:BLOCKED>QUEUED", "c:BLOCKED>QUEUED", "d:BLOCKED>QUEUED");
  }

  @Test
  void duplicateCompletionOfOneAttemptIsAppliedOnce() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Report complete = Report.complete(a.jobId(), 1, W1, new JsonObject().put("n", 1));

    ReportBatch sameBatch = report(complete, complete);
    assertThat(sameBatch.results()).extracting(ReportResult::applied).containsExactly(true, false);
    assertThat(sameBatch.results().get(1).code()).isEqualTo(ReportResult.NOT_RUNNING);
    assertThat(readyIds(sameBatch.effects())).containsExactly(jobId(wf.id(), "b"));

    Assignment b = start(jobId(wf.id(), "b"), W1);
    Report completeB = Report.complete(b.jobId(), 1, W1, new JsonObject());
    // Concurrent calls: both in flight before either answers.
    Future<ReportBatch> one = store.report(List.of(completeB));
    Future<ReportBatch> two = store.report(List.of(completeB));
    List<ReportBatch> both = List.of(await(one), await(two));
    assertThat(both).extracting(batch -> batch.results().get(0).applied()).containsExactlyInAnyOrder(true, false);
    assertThat(both.stream().mapToInt(batch -> batch.effects().finished.size()).sum()).isEqualTo(1);
    assertThat(transitions(wf.id())).filteredOn(t -> t.endsWith("RUNNING>SUCCEEDED"))
        .containsExactly("a:RUNNING>SUCCEEDED", "b:RUNNING>SUCCEEDED", "wf:RUNNING>SUCCEEDED");
  }

  @Test
  void rejectedReportsAreAuditedAndChangeNothing() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    UUID a = jobId(wf.id(), "a");
    UUID b = jobId(wf.id(), "b");
    start(a, W1);
    Workflow before = await(store.workflow(wf.id()));
    int eventsBefore = await(store.events(wf.id())).size();

    ReportBatch batch = report(
        Report.complete(a, 2, W1, new JsonObject()),
        Report.fail(a, 1, W2, "not mine", true),
        Report.complete(UUID.randomUUID(), 1, W1, new JsonObject()),
        Report.complete(b, 0, W1, new JsonObject()));

    assertThat(batch.results()).extracting(ReportResult::applied).containsOnly(false);
    assertThat(batch.results()).extracting(ReportResult::code).containsExactly(
        ReportResult.STALE, ReportResult.NOT_OWNER, ReportResult.NOT_FOUND, ReportResult.NOT_RUNNING);
    assertThat(batch.results()).allSatisfy(r -> assertThat(r.message()).isNotBlank());
    assertThat(batch.effects().isEmpty()).isTrue();
    assertThat(await(store.workflow(wf.id()))).isEqualTo(before);

    List<AuditEvent> events = await(store.events(wf.id()));
    assertThat(events).hasSize(eventsBefore + 3);
    List<AuditEvent> rejected = events.subList(eventsBefore, events.size());
    assertThat(rejected).allSatisfy(e -> assertThat(e.kind()).isEqualTo(AuditEvent.REPORT_REJECTED));
    assertThat(rejected).extracting(AuditEvent::jobId).containsExactly(a, a, b);
    assertThat(rejected).extracting(AuditEvent::fromState).containsExactly("RUNNING", "RUNNING", "BLOCKED");
    assertThat(rejected).extracting(AuditEvent::toState).containsExactly("RUNNING", "RUNNING", "BLOCKED");
    assertThat(rejected).extracting(AuditEvent::attempt).containsExactly(2, 1, 0);
    assertThat(rejected).extracting(AuditEvent::workerId).containsExactly(W1, W2, W1);
    assertThat(rejected).extracting(AuditEvent::details).containsExactly(
        new JsonObject().put("code", ReportResult.STALE).put("report", "COMPLETE"),
        new JsonObject().put("code", ReportResult.NOT_OWNER).put("report", "FAIL"),
        new JsonObject().put("code", ReportResult.NOT_RUNNING).put("report", "COMPLETE"));
  }
}
