package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Failed attempts: retries at once or after a backoff, timeouts and lost workers, failure for
 * good, and the dependants a failure skips.
 */
public abstract class StateStoreFailureContract extends StateStoreContract {
  @Test
  void retryableFailureWithoutDelayGoesStraightBackToTheQueue() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE)));
    Assignment first = start(jobId(wf.id(), "a"), W1);

    ReportBatch batch = report(Report.fail(first.jobId(), 1, W1, "flaky", true));

    assertThat(batch.results().get(0).applied()).isTrue();
    assertThat(readyIds(batch.effects())).containsExactly(first.jobId());
    assertThat(batch.effects().retries).isEmpty();
    Job queued = await(store.job(first.jobId()));
    assertThat(queued.state()).isEqualTo(JobState.QUEUED);
    assertThat(queued.attempt()).isEqualTo(1);
    assertThat(start(first.jobId(), W2).attempt()).isEqualTo(2);
  }

  @Test
  void retryableFailureWithBackoffWaitsUntilReleasedThenGivesUpAfterMaxAttempts() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_IN_AN_HOUR)));
    UUID a = jobId(wf.id(), "a");

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThat(start(a, W1).attempt()).isEqualTo(attempt);
      ReportBatch failed = report(Report.fail(a, attempt, W1, "flaky", true));
      Job waiting = await(store.job(a));
      assertThat(waiting.state()).isEqualTo(JobState.RETRY_WAIT);
      assertThat(waiting.retryAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
      assertThat(failed.effects().ready).isEmpty();
      assertThat(failed.effects().retries).hasSize(1);
      assertThat(failed.effects().retries.get(0).jobId()).isEqualTo(a);
      assertThat(failed.effects().retries.get(0).dueAt()).isCloseTo(waiting.retryAt(), within(1, ChronoUnit.MILLIS));

      assertThat(await(store.releaseDueRetries(Instant.now())).ready).as("not due yet").isEmpty();
      assertThat(state(wf.id(), "a")).isEqualTo(JobState.RETRY_WAIT);
      Effects released = await(store.releaseDueRetries(FAR_FUTURE));
      assertThat(readyIds(released)).containsExactly(a);
      assertThat(await(store.job(a)).retryAt()).isNull();
      assertThat(await(store.releaseDueRetries(FAR_FUTURE)).ready).as("released once").isEmpty();
    }
    start(a, W1);
    ReportBatch last = report(Report.fail(a, 3, W1, "still flaky", true));

    Job failed = await(store.job(a));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("still flaky");
    assertThat(failed.attempt()).isEqualTo(3);
    assertThat(last.effects().finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);
  }

  @Test
  void nonRetryableFailureFailsAtOnce() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE)));
    Effects effects = failForGood(wf.id(), "a");

    Job a = await(store.job(jobId(wf.id(), "a")));
    assertThat(a.state()).isEqualTo(JobState.FAILED);
    assertThat(a.error()).isEqualTo("boom");
    assertThat(a.finishedAt()).isNotNull();
    assertThat(effects.ready).isEmpty();
    assertThat(effects.retries).isEmpty();
    Workflow failed = await(store.workflow(wf.id()));
    assertThat(failed.state()).isEqualTo(WorkflowState.FAILED);
    assertThat(failed.finishedAt()).isNotNull();
  }

  @Test
  void timeoutsCountAsAttemptsAndLostWorkersGetALimitedAllowance() {
    RetryPolicy twice = new RetryPolicy(2, 0, 2.0, 0);
    Workflow wf = submit(workflow(job("a", "echo", twice)));
    UUID a = jobId(wf.id(), "a");

    start(a, W1);
    ReportBatch timedOut = report(Report.timeout(a, 1, W1, 30_000));
    assertThat(timedOut.results().get(0).applied()).isTrue();
    assertThat(readyIds(timedOut.effects())).containsExactly(a);
    // The budget (2) is used up, but attempts lost with their worker may go LOST_ALLOWANCE further.
    int attempt = 2;
    for (; attempt < 2 + Decider.LOST_ALLOWANCE; attempt++) {
      start(a, W2);
      ReportBatch lost = report(Report.lost(a, attempt, W2, "worker gone"));
      assertThat(readyIds(lost.effects())).as("attempt %d is retried", attempt).containsExactly(a);
    }
    start(a, W2);
    ReportBatch last = report(Report.lost(a, attempt, W2, "worker gone"));

    Job failed = await(store.job(a));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.attempt()).isEqualTo(2 + Decider.LOST_ALLOWANCE);
    assertThat(failed.error()).isEqualTo("worker gone");
    assertThat(last.effects().finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
  }

  @Test
  void aTimeoutThatUsesTheLastAttemptFailsTheJob() {
    Workflow wf = submit(workflow(job("a", "echo", NO_RETRY)));
    UUID a = jobId(wf.id(), "a");
    start(a, W1);

    report(Report.timeout(a, 1, W1, 30_000));

    assertThat(await(store.job(a)).state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void permanentFailureSkipsDependantsWhileOtherBranchesRunOn() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("c", "b"), job("x"), job("y", "x")));
    Assignment x = start(jobId(wf.id(), "x"), W2);

    Effects failed = failForGood(wf.id(), "a");

    assertThat(failed.ready).isEmpty();
    assertThat(failed.finished).isEmpty();
    Map<String, Job> jobs = jobs(wf.id());
    assertThat(jobs.get("a").state()).isEqualTo(JobState.FAILED);
    assertThat(jobs.get("b").state()).isEqualTo(JobState.SKIPPED);
    assertThat(jobs.get("c").state()).isEqualTo(JobState.SKIPPED);
    assertThat(jobs.get("x").state()).isEqualTo(JobState.RUNNING);
    assertThat(state(wf.id())).isEqualTo(WorkflowState.RUNNING);
    assertThat(await(store.events(wf.id()))).filteredOn(e -> "SKIPPED".equals(e.toState()))
        .extracting(AuditEvent::details)
        .containsOnly(new JsonObject().put("reason", "upstream a failed")).hasSize(2);

    ReportBatch xDone = report(Report.complete(x.jobId(), 1, W2, new JsonObject()));
    assertThat(readyIds(xDone.effects())).containsExactly(jobs.get("y").id());
    Effects yDone = run(wf.id(), "y");
    assertThat(yDone.finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);
  }
}
