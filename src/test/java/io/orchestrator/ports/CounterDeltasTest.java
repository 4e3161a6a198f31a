package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.AuditEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {
  private static final UUID WORKFLOW = UUID.randomUUID();
  private static final UUID JOB = UUID.randomUUID();

  private static AuditEvent workflowChange(String from, String to) {
    return new AuditEvent(1, WORKFLOW, null, AuditEvent.WORKFLOW_STATE, from, to, null, null, "c1",
        Instant.now(), null);
  }

  private static AuditEvent jobChange(String from, String to, JsonObject details) {
    return new AuditEvent(2, WORKFLOW, JOB, AuditEvent.JOB_STATE, from, to, 1, "w1", "c1", Instant.now(), details);
  }

  private static Effects effects(AuditEvent... changes) {
    Effects effects = new Effects();
    effects.changes.addAll(List.of(changes));
    return effects;
  }

  @Test
  void aSubmissionStartsAWorkflowButQueuedJobsCountNothing() {
    Map<String, Long> deltas = CounterDeltas.from(effects(workflowChange(null, "RUNNING"),
        jobChange(null, "QUEUED", null), jobChange(null, "BLOCKED", null)));

    assertThat(deltas).containsExactly(Map.entry(Counters.WORKFLOWS_STARTED, 1L));
  }

  @Test
  void aWorkflowRetryIsNotANewStart() {
    assertThat(CounterDeltas.from(effects(workflowChange("FAILED", "RUNNING"), jobChange("FAILED", "QUEUED", null))))
        .isEmpty();
  }

  @Test
  void finishedWorkflowsCountByState() {
    Map<String, Long> deltas = CounterDeltas.from(effects(workflowChange("RUNNING", "SUCCEEDED"),
        workflowChange("RUNNING", "FAILED"), workflowChange("RUNNING", "FAILED"), workflowChange("RUNNING", "CANCELLED")));

    assertThat(deltas).containsOnly(Map.entry(Counters.WORKFLOWS_SUCCEEDED, 1L),
        Map.entry(Counters.WORKFLOWS_FAILED, 2L), Map.entry(Counters.WORKFLOWS_CANCELLED, 1L));
  }

  @Test
  void jobEndsAndRetriesCount() {
    Map<String, Long> deltas = CounterDeltas.from(effects(jobChange("RUNNING", "SUCCEEDED", null),
        jobChange("RUNNING", "FAILED", new JsonObject().put("error", "x")),
        jobChange("RUNNING", "QUEUED", null), jobChange("RUNNING", "RETRY_WAIT", null),
        jobChange("RETRY_WAIT", "QUEUED", null), jobChange("QUEUED", "RUNNING", null),
        jobChange("BLOCKED", "SKIPPED", null)));

    assertThat(deltas).containsOnly(Map.entry(Counters.JOBS_COMPLETED, 1L), Map.entry(Counters.JOBS_FAILED, 1L),
        Map.entry(Counters.JOBS_RETRIED, 2L));
  }

  @Test
  void outcomesInDetailsCountTimeoutsAndLostAttempts() {
    Map<String, Long> deltas = CounterDeltas.from(effects(
        jobChange("RUNNING", "RETRY_WAIT", new JsonObject().put("outcome", "TIMED_OUT")),
        jobChange("RUNNING", "FAILED", new JsonObject().put("outcome", "LOST"))));

    assertThat(deltas).containsOnly(Map.entry(Counters.JOBS_RETRIED, 1L), Map.entry(Counters.JOBS_FAILED, 1L),
        Map.entry(Counters.JOBS_TIMED_OUT, 1L), Map.entry(Counters.JOBS_LOST, 1L));
  }

  @Test
  void rejectedReportsInTheChangesCount() {
    AuditEvent rejected = new AuditEvent(3, WORKFLOW, JOB, AuditEvent.REPORT_REJECTED, "RUNNING", "RUNNING", 1, "w2",
        "c1", Instant.now(), new JsonObject().put("code", ReportResult.NOT_OWNER));

    assertThat(CounterDeltas.from(effects(rejected))).containsExactly(Map.entry(Counters.REPORTS_REJECTED, 1L));
  }

  @Test
  void aReportBatchCountsFromItsResultsWithoutCountingTwice() {
    Report timeout = Report.timeout(JOB, 1, "w1", 1000);
    Report lost = Report.lost(UUID.randomUUID(), 1, "w1", "worker gone");
    Report late = Report.complete(UUID.randomUUID(), 1, "w1", null);
    Report unknown = Report.fail(UUID.randomUUID(), 1, "w1", "x", true);
    AuditEvent rejectedRow = new AuditEvent(3, WORKFLOW, late.jobId(), AuditEvent.REPORT_REJECTED, "SUCCEEDED",
        "SUCCEEDED", 1, "w1", "c1", Instant.now(), null);
    Effects effects = effects(jobChange("RUNNING", "RETRY_WAIT", new JsonObject().put("outcome", "TIMED_OUT")),
        jobChange("RUNNING", "FAILED", null), rejectedRow);
    ReportBatch batch = new ReportBatch(List.of(ReportResult.applied(timeout), ReportResult.applied(lost),
        ReportResult.rejected(late, ReportResult.NOT_RUNNING, "done"),
        ReportResult.rejected(unknown, ReportResult.NOT_FOUND, "unknown")), effects);

    Map<String, Long> deltas = CounterDeltas.from(batch);

    assertThat(deltas).containsOnly(Map.entry(Counters.JOBS_RETRIED, 1L), Map.entry(Counters.JOBS_FAILED, 1L),
        Map.entry(Counters.JOBS_TIMED_OUT, 1L), Map.entry(Counters.JOBS_LOST, 1L),
        Map.entry(Counters.REPORTS_REJECTED, 2L));
  }
}
