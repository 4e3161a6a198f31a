package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a workflow and retrying a finished one.
 */
public abstract class StateStoreWorkflowControlContract extends StateStoreContract {
  @Test
  void cancelStopsRunningJobsAndRejectsTheirLateReports() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("x"), job("w", "echo", RETRY_IN_AN_HOUR)));
    Map<String, Job> jobs = jobs(wf.id());
    Assignment a = start(jobs.get("a").id(), W1);
    start(jobs.get("w").id(), W2);
    report(Report.fail(jobs.get("w").id(), 1, W2, "flaky", true));

    Outcome outcome = await(store.cancel(wf.id()));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
    assertThat(outcome.effects().cancels).containsExactly(
        new Effects.CancelOrder(a.jobId(), 1, W1, "workflow cancelled"));
    assertThat(outcome.effects().finished).containsExactly(new Effects.Finished(wf.id(), "CANCELLED"));
    Workflow cancelled = await(store.workflow(wf.id()));
    assertThat(cancelled.state()).isEqualTo(WorkflowState.CANCELLED);
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(cancelled.jobs()).extracting(Job::state).containsOnly(JobState.CANCELLED);
    assertThat(transitions(wf.id())).contains("a:RUNNING>CANCELLED", "b:BLOCKED>CANCELLED",
        "x:QUEUED>CANCELLED", "w:RETRY_WAIT>CANCELLED", "wf:RUNNING>CANCELLED");

    ReportBatch late = report(Report.complete(a.jobId(), 1, W1, new JsonObject()));
    assertThat(late.results().get(0).code()).isEqualTo(ReportResult.NOT_RUNNING);
    assertThat(await(store.start(List.of(new StartAttempt(jobs.get("x").id(), W1))))).isEmpty();
    assertThat(await(store.releaseDueRetries(FAR_FUTURE)).ready).isEmpty();
    assertThat(await(store.cancel(wf.id())).status()).isEqualTo(Outcome.Status.CONFLICT);
    assertThat(await(store.cancel(UUID.randomUUID())).status()).isEqualTo(Outcome.Status.NOT_FOUND);
  }

  @Test
  void retryRerunsFailedAndSkippedJobsWithAttemptsContinuing() {
    RetryPolicy twice = new RetryPolicy(2, 0, 2.0, 0);
    Workflow wf = submit(workflow(job("a", "echo", twice), job("b", "a"), job("c", "b"), job("x")));
    UUID a = jobId(wf.id(), "a");
    run(wf.id(), "x");
    assertThat(await(store.retry(wf.id())).status()).as("still running").isEqualTo(Outcome.Status.CONFLICT);
    for (int attempt = 1; attempt <= 2; attempt++) {
      start(a, W1);
      report(Report.fail(a, attempt, W1, "flaky", true));
    }
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);

    Outcome retried = await(store.retry(wf.id()));

    assertThat(retried.status()).isEqualTo(Outcome.Status.OK);
    assertThat(readyIds(retried.effects())).containsExactly(a);
    Workflow running = await(store.workflow(wf.id()));
    assertThat(running.state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(running.finishedAt()).isNull();
    Map<String, Job> jobs = jobs(wf.id());
    assertThat(jobs.get("a").state()).isEqualTo(JobState.QUEUED);
    assertThat(jobs.get("a").attempt()).isEqualTo(2);
    assertThat(jobs.get("a").attemptBase()).isEqualTo(2);
    assertThat(jobs.get("a").error()).isNull();
    assertThat(jobs.get("a").finishedAt()).isNull();
    assertThat(jobs.get("b").state()).isEqualTo(JobState.BLOCKED);
    assertThat(jobs.get("c").state()).isEqualTo(JobState.BLOCKED);
    assertThat(jobs.get("x").state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(jobs.get("x").attempt()).isEqualTo(1);
    assertThat(transitions(wf.id())).contains("wf:FAILED>RUNNING", "a:FAILED>QUEUED", "b:SKIPPED>BLOCKED");

    // A new run: the policy's two attempts again, numbered on from the old ones.
    assertThat(start(a, W1).attempt()).isEqualTo(3);
    ReportBatch again = report(Report.fail(a, 3, W1, "flaky", true));
    assertThat(readyIds(again.effects())).containsExactly(a);
    assertThat(start(a, W1).attempt()).isEqualTo(4);
    report(Report.complete(a, 4, W1, new JsonObject()));
    run(wf.id(), "b");
    Effects last = run(wf.id(), "c");
    assertThat(last.finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));
    assertThat(await(store.retry(wf.id())).status()).isEqualTo(Outcome.Status.CONFLICT);
    assertThat(await(store.retry(UUID.randomUUID())).status()).isEqualTo(Outcome.Status.NOT_FOUND);
  }

  @Test
  void retryOfACancelledWorkflowRequeuesItsCancelledJobs() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    run(wf.id(), "a");
    await(store.cancel(wf.id()));

    Outcome retried = await(store.retry(wf.id()));

    assertThat(retried.status()).isEqualTo(Outcome.Status.OK);
    assertThat(readyIds(retried.effects())).containsExactly(jobId(wf.id(), "b"));
    assertThat(run(wf.id(), "b").finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));
  }
}
