package io.orchestrator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  private static final String COORDINATOR = "coordinator-7";
  private static final Instant T0 = Instant.parse("2026-11-28T10:15:30.123456789Z");

  @Test
  void givesBackEveryFieldOfWhatWasAddedInOrder() {
    MemoryWorkflow workflow = workflow(3);
    MemoryJob second = workflow.jobs.get(1);
    JsonObject details = new JsonObject().put("code", "stale_attempt").put("report", "COMPLETE");
    List<AuditEvent> added = List.of(
        event(1, workflow, null, AuditEvent.WORKFLOW_STATE, null, "RUNNING", null, null, T0, null),
        event(2, workflow, second, AuditEvent.JOB_STATE, null, "BLOCKED", 0, null, T0, null),
        event(3, workflow, second, AuditEvent.JOB_STATE, "QUEUED", "RUNNING", 1, "worker-a", T0.plusNanos(1), null),
        event(4, workflow, second, AuditEvent.REPORT_REJECTED, "RUNNING", "RUNNING", 0, "worker-b", T0.plusSeconds(1),
            details),
        event(5, workflow, null, AuditEvent.WORKFLOW_STATE, "RUNNING", "CANCELLED", null, null, T0.plusSeconds(2), null));
    AuditTrail trail = new AuditTrail(1);
    for (AuditEvent event : added) {
      trail.add(event, event.jobId() == null ? -1 : second.position);
    }

    assertThat(trail.size()).isEqualTo(5);
    assertThat(trail.events(workflow, COORDINATOR)).containsExactlyElementsOf(added);
  }

  @Test
  void detailsAreCopiedInAndOut() {
    MemoryWorkflow workflow = workflow(1);
    MemoryJob job = workflow.jobs.get(0);
    JsonObject details = new JsonObject().put("code", "x");
    AuditTrail trail = new AuditTrail(2);
    trail.add(event(9, workflow, job, AuditEvent.REPORT_REJECTED, "RUNNING", "RUNNING", 2, "w", T0, details), 0);

    details.put("code", "changed after");
    AuditEvent first = trail.events(workflow, COORDINATOR).get(0);
    first.details().put("code", "changed by a reader");

    assertThat(trail.events(workflow, COORDINATOR).get(0).details()).isEqualTo(new JsonObject().put("code", "x"));
  }

  @Test
  void everyStateOfJobsAndWorkflowsAndLargeNumbersSurvive() {
    MemoryWorkflow workflow = workflow(50);
    AuditTrail trail = new AuditTrail(2);
    List<AuditEvent> added = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(6);
    long seq = (1L << AuditTrail.SEQ_BITS) - 5_000;
    for (int i = 0; i < 2_000; i++) {
      boolean ofJob = random.nextBoolean();
      MemoryJob job = ofJob ? workflow.jobs.get(random.nextInt(50)) : null;
      String from = ofJob ? jobState(random) : workflowState(random);
      String to = ofJob ? jobState(random) : workflowState(random);
      Integer attempt = random.nextInt(4) == 0 ? null : random.nextInt(Integer.MAX_VALUE);
      String worker = random.nextBoolean() ? null : "worker-" + random.nextInt(9);
      AuditEvent event = event(seq++, workflow, job, ofJob ? AuditEvent.JOB_STATE : AuditEvent.WORKFLOW_STATE,
          random.nextInt(5) == 0 ? null : from, to, attempt, worker, T0.plusNanos(random.nextLong(1L << 60)), null);
      added.add(event);
      trail.add(event, ofJob ? job.position : -1);
    }

    assertThat(trail.events(workflow, COORDINATOR)).containsExactlyElementsOf(added);
  }

  @Test
  void refusesWhatItCannotGiveBack() {
    MemoryWorkflow workflow = workflow(1);
    AuditTrail trail = new AuditTrail(2);

    assertThatThrownBy(() -> trail.add(event(1, workflow, null, "something_else", null, "RUNNING", null, null, T0,
        null), -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("something_else");
    assertThatThrownBy(() -> trail.add(event(1, workflow, null, AuditEvent.WORKFLOW_STATE, null, "PAUSED", null, null,
        T0, null), -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAUSED");
    assertThatThrownBy(() -> trail.add(event(1L << AuditTrail.SEQ_BITS, workflow, null, AuditEvent.WORKFLOW_STATE,
        null, "RUNNING", null, null, T0, null), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(trail.size()).isZero();
  }

  private static String jobState(SplittableRandom random) {
    JobState[] states = JobState.values();
    return states[random.nextInt(states.length)].name();
  }

  private static String workflowState(SplittableRandom random) {
    WorkflowState[] states = WorkflowState.values();
    return states[random.nextInt(states.length)].name();
  }

  private static AuditEvent event(long seq, MemoryWorkflow workflow, MemoryJob job, String kind, String from, String to,
      Integer attempt, String worker, Instant at, JsonObject details) {
    return new AuditEvent(seq, workflow.id, job == null ? null : job.id, kind, from, to, attempt, worker, COORDINATOR,
        at, details);
  }

  private static MemoryWorkflow workflow(int jobs) {
    MemoryWorkflow workflow = new MemoryWorkflow(UUID.randomUUID(), "w", 0, null, null, T0, jobs);
    for (int i = 0; i < jobs; i++) {
      JobSpec spec = new JobSpec("j" + i, "noop", null, List.of(), "default", RetryPolicy.NONE, 1_000, 0);
      workflow.addJob(new MemoryJob(UUID.randomUUID(), workflow, spec, T0));
    }
    return workflow;
  }
}
