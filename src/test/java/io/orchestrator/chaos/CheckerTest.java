package io.orchestrator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.chaos.Snapshot.AssignmentRow;
import io.orchestrator.chaos.Snapshot.EventRow;
import io.orchestrator.chaos.Snapshot.JobRow;
import io.orchestrator.chaos.Snapshot.WorkflowRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The checks on synthetic rows: a clean run passes; each kind of damage is named. */
class CheckerTest {
  private final UUID wf = UUID.randomUUID();
  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();
  private long seq = 0;

  private final List<WorkflowRow> workflows = new ArrayList<>();
  private final List<JobRow> jobs = new ArrayList<>();
  private final List<AssignmentRow> assignments = new ArrayList<>();
  private final List<EventRow> events = new ArrayList<>();

  /** Job a succeeds on attempt 2 after a lost attempt 1; b (echo, depends on a) succeeds at once. */
  private void cleanRun() {
    workflows.add(new WorkflowRow(wf, "w", "SUCCEEDED"));
    workflowEvent(null, "RUNNING");
    jobs.add(new JobRow(a, wf, "a", "sleep", "SUCCEEDED", 2, List.of(), null));
    jobs.add(new JobRow(b, wf, "b", "echo", "SUCCEEDED", 1, List.of("a"), List.of("a")));
    jobEvent(a, null, "QUEUED", 0);
    jobEvent(b, null, "BLOCKED", 0);
    jobEvent(a, "QUEUED", "RUNNING", 1);
    jobEvent(a, "RUNNING", "RETRY_WAIT", 1);
    jobEvent(a, "RETRY_WAIT", "QUEUED", 1);
    jobEvent(a, "QUEUED", "RUNNING", 2);
    jobEvent(a, "RUNNING", "SUCCEEDED", 2);
    jobEvent(b, "BLOCKED", "QUEUED", 0);
    jobEvent(b, "QUEUED", "RUNNING", 1);
    jobEvent(b, "RUNNING", "SUCCEEDED", 1);
    workflowEvent("RUNNING", "SUCCEEDED");
    assignments.add(new AssignmentRow(a, 1, "w1", "c1", "LOST"));
    assignments.add(new AssignmentRow(a, 2, "w2", "c2", "SUCCEEDED"));
    assignments.add(new AssignmentRow(b, 1, "w2", "c2", "SUCCEEDED"));
  }

  private void jobEvent(UUID job, String from, String to, Integer attempt) {
    events.add(new EventRow(++seq, wf, job, "job_state", from, to, attempt, null, "c1"));
  }

  private void workflowEvent(String from, String to) {
    events.add(new EventRow(++seq, wf, null, "workflow_state", from, to, null, null, "c1"));
  }

  private Violations check() {
    return Checker.check(new Snapshot(workflows, jobs, assignments, events));
  }

  private EventRow find(UUID job, String to, int attempt) {
    return events.stream().filter(e -> job.equals(e.jobId()) && to.equals(e.toState())
        && Integer.valueOf(attempt).equals(e.attempt())).findFirst().orElseThrow();
  }

  @Test
  void aCleanRunHasNoViolations() {
    cleanRun();
    Violations v = check();
    assertThat(v.summary()).isEqualTo("none");
    assertThat(v.isEmpty()).isTrue();
  }

  @Test
  void twoSucceededAssignmentsForOneJob() {
    cleanRun();
    assignments.set(0, new AssignmentRow(a, 1, "w1", "c1", "SUCCEEDED"));
    Violations v = check();
    assertThat(v.count(Violations.SUCCEEDED_ASSIGNMENTS)).isEqualTo(1);
    assertThat(v.count(Violations.STALE_REPORT_APPLIED)).isEqualTo(1);
    assertThat(v.jobs()).containsExactly(a);
  }

  @Test
  void aJobWithoutAnySucceededAssignment() {
    cleanRun();
    assignments.set(2, new AssignmentRow(b, 1, "w2", "c2", "FAILED"));
    Violations v = check();
    assertThat(v.count(Violations.SUCCEEDED_ASSIGNMENTS)).isEqualTo(1);
    assertThat(v.count(Violations.ASSIGNMENT_MISMATCH)).isEqualTo(1);
  }

  @Test
  void auditEventsOutOfOrder() {
    cleanRun();
    EventRow start = find(a, "RUNNING", 2);
    EventRow end = find(a, "SUCCEEDED", 2);
    events.set(events.indexOf(start), new EventRow(end.seq(), wf, a, "job_state", "QUEUED", "RUNNING", 2, null, "c1"));
    events.set(events.indexOf(end), new EventRow(start.seq(), wf, a, "job_state", "RUNNING", "SUCCEEDED", 2, null, "c1"));
    Violations v = check();
    assertThat(v.count(Violations.AUDIT_OUT_OF_ORDER)).isPositive();
    assertThat(v.jobs()).containsExactly(a);
  }

  @Test
  void aMissingEventIsAnIncompleteTrail() {
    cleanRun();
    events.remove(find(b, "BLOCKED", 0));
    Violations v = check();
    assertThat(v.count(Violations.AUDIT_INCOMPLETE)).isEqualTo(1);
    assertThat(v.jobs()).containsExactly(b);
  }

  @Test
  void aReportOfAnOldAttemptAppliedAfterTheNextStarted() {
    cleanRun();
    EventRow end = find(a, "SUCCEEDED", 2);
    events.set(events.indexOf(end), new EventRow(end.seq(), wf, a, "job_state", "RUNNING", "SUCCEEDED", 1, "w1", "c1"));
    Violations v = check();
    assertThat(v.count(Violations.STALE_REPORT_APPLIED)).isEqualTo(1);
  }

  @Test
  void anIllegalTransition() {
    cleanRun();
    EventRow lost = find(a, "RETRY_WAIT", 1);
    events.set(events.indexOf(lost), new EventRow(lost.seq(), wf, a, "job_state", "RUNNING", "BLOCKED", 1, null, "c1"));
    EventRow requeue = events.get(events.indexOf(lost) + 1);
    events.set(events.indexOf(requeue), new EventRow(requeue.seq(), wf, a, "job_state", "BLOCKED", "QUEUED", 1, null, "c1"));
    Violations v = check();
    assertThat(v.count(Violations.ILLEGAL_TRANSITION)).isEqualTo(1);
  }

  @Test
  void aStuckWorkflowAndItsOpenAttempt() {
    cleanRun();
    workflows.set(0, new WorkflowRow(wf, "w", "RUNNING"));
    jobs.set(1, new JobRow(b, wf, "b", "echo", "RUNNING", 1, List.of("a"), null));
    events.removeIf(e -> b.equals(e.jobId()) && "SUCCEEDED".equals(e.toState()) || e.jobId() == null && "SUCCEEDED".equals(e.toState()));
    assignments.set(2, new AssignmentRow(b, 1, "w2", "c2", null));
    Violations v = check();
    assertThat(v.count(Violations.WORKFLOW_NOT_SUCCEEDED)).isEqualTo(1);
    assertThat(v.count(Violations.JOB_NOT_SUCCEEDED)).isEqualTo(1);
    assertThat(v.count(Violations.ATTEMPT_LEFT_OPEN)).isEqualTo(1);
    assertThat(v.count(Violations.SUCCEEDED_ASSIGNMENTS)).isZero();
  }

  @Test
  void aStartWithoutAssignmentRow() {
    cleanRun();
    assignments.remove(0);
    Violations v = check();
    assertThat(v.count(Violations.ASSIGNMENT_MISMATCH)).isPositive();
  }

  @Test
  void aFanInThatMissedAnInput() {
    cleanRun();
    jobs.set(1, new JobRow(b, wf, "b", "echo", "SUCCEEDED", 1, List.of("a"), List.of()));
    assertThat(check().count(Violations.DATA_FLOW)).isEqualTo(1);
  }

  @Test
  void aWorkflowFinishedBeforeItsLastJob() {
    cleanRun();
    EventRow jobDone = find(b, "SUCCEEDED", 1);
    EventRow workflowDone = events.get(events.size() - 1);
    events.set(events.indexOf(jobDone), new EventRow(workflowDone.seq(), wf, b, "job_state", "RUNNING", "SUCCEEDED", 1, null, "c1"));
    events.set(events.size() - 1, new EventRow(jobDone.seq(), wf, null, "workflow_state", "RUNNING", "SUCCEEDED", null, null, "c1"));
    Violations v = check();
    assertThat(v.summary()).isEqualTo(Violations.AUDIT_OUT_OF_ORDER + "=1");
  }
}
