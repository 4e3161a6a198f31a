package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a coordinator reads and fences when it takes over: the jobs to recover, the queued jobs,
 * the workers registry, overdue attempts, and duties done under a superseded lease.
 */
public abstract class StateStoreRecoveryContract extends StateStoreContract {
  @Test
  void recoveryListsQueuedRunningAndWaitingJobs() {
    UUID queued = jobId(submit(workflow(job("q"))).id(), "q");
    Workflow runningWf = submit(workflow(job("r")));
    Assignment running = start(jobId(runningWf.id(), "r"), W1);
    UUID waiting = jobId(submit(workflow(job("w", "echo", RETRY_IN_AN_HOUR))).id(), "w");
    start(waiting, W2);
    report(Report.fail(waiting, 1, W2, "flaky", true));

    Recovery recovery = await(store.recovery());

    assertThat(recovery.queued()).extracting(QueuedJob::jobId).containsExactly(queued);
    assertThat(recovery.running()).hasSize(1);
    RunningAttempt attempt = recovery.running().get(0);
    assertThat(attempt.jobId()).isEqualTo(running.jobId());
    assertThat(attempt.workflowId()).isEqualTo(runningWf.id());
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.workerId()).isEqualTo(W1);
    assertThat(attempt.timeoutMs()).isEqualTo(30_000);
    assertThat(attempt.deadline()).isCloseTo(running.deadline(), within(1, ChronoUnit.MILLIS));
    assertThat(recovery.retries()).extracting(RetryTimer::jobId).containsExactly(waiting);
    assertThat(recovery.retries().get(0).dueAt())
        .isCloseTo(await(store.job(waiting)).retryAt(), within(1, ChronoUnit.MILLIS));
    assertThat(await(store.runningOn(W1))).extracting(RunningAttempt::jobId).containsExactly(running.jobId());
    assertThat(await(store.runningOn(W2))).isEmpty();
  }

  @Test
  void queuedListsReadyJobsUpToTheLimit() {
    Workflow wf = submit(workflow(job("a"), job("b"), job("c"), job("d", "a")));
    start(jobId(wf.id(), "c"), W1);

    assertThat(await(store.queued(10))).extracting(QueuedJob::jobId)
        .containsExactlyInAnyOrder(jobId(wf.id(), "a"), jobId(wf.id(), "b"));
    assertThat(await(store.queued(1))).hasSize(1);
  }

  @Test
  void workersRegistryListsLiveWorkersWithTheirRunningJobs() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    await(store.saveWorker(worker(W1, 4, t0, t0)));
    await(store.saveWorker(worker(W2, 2, t0, t0)));
    Workflow wf = submit(workflow(job("a"), job("b")));
    start(jobId(wf.id(), "a"), W1);
    start(jobId(wf.id(), "b"), W1);
    await(store.saveWorker(worker(W1, 4, t0, t0.plusSeconds(5))));

    List<WorkerRecord> workers = await(store.workers());
    assertThat(workers).extracting(WorkerRecord::id).containsExactlyInAnyOrder(W1, W2);
    WorkerRecord w1 = workers.stream().filter(w -> w.id().equals(W1)).findFirst().orElseThrow();
    assertThat(w1.lastHeartbeat()).isEqualTo(t0.plusSeconds(5));
    assertThat(w1.connectedAt()).isEqualTo(t0);
    assertThat(w1.queues()).containsExactly("default");
    assertThat(w1.types()).containsExactly("echo");
    assertThat(w1.concurrency()).isEqualTo(4);
    assertThat(w1.runningJobs()).containsExactlyInAnyOrder(jobId(wf.id(), "a").toString(), jobId(wf.id(), "b").toString());

    await(store.removeWorker(W2));
    assertThat(await(store.workers())).extracting(WorkerRecord::id).containsExactly(W1);
  }

  @Test
  void aDutyUnderASupersededLeaseChangesNothing() {
    Workflow wf = submit(workflow(job("a"), job("b")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Assignment b = start(jobId(wf.id(), "b"), W1);
    Lease old = new Lease("monitor", "coordinator-old", 5, Instant.now().plusSeconds(30));
    Lease newer = new Lease("monitor", "coordinator-new", 6, Instant.now().plusSeconds(30));

    ReportBatch first = await(store.report(List.of(Report.lost(a.jobId(), a.attempt(), W1, "reaped")), old));
    ReportBatch second = await(store.report(List.of(), newer));
    ReportBatch stale = await(store.report(List.of(Report.lost(b.jobId(), b.attempt(), W1, "reaped")), old));

    assertThat(first.results().get(0).applied()).isTrue();
    assertThat(second.results()).isEmpty();
    assertThat(stale.results()).singleElement().satisfies(r -> {
      assertThat(r.applied()).isFalse();
      assertThat(r.code()).isEqualTo(ReportResult.STALE_LEASE);
    });
    assertThat(stale.effects().isEmpty()).isTrue();
    assertThat(state(wf.id(), "b")).isEqualTo(JobState.RUNNING);
    ReportBatch sameToken = await(store.report(List.of(Report.lost(b.jobId(), b.attempt(), W1, "reaped")), newer));
    assertThat(sameToken.results().get(0).applied()).isTrue();
  }

  @Test
  void overdueListsRunningAttemptsPastTheirDeadline() {
    JobSpec quick = new JobSpec("quick", "echo", new io.vertx.core.json.JsonObject(), List.of(), "default", NO_RETRY, 1, 0);
    JobSpec slow = new JobSpec("slow", "echo", new io.vertx.core.json.JsonObject(), List.of(), "default", NO_RETRY, 3_600_000, 0);
    Workflow wf = submit(workflow(quick, slow, job("waiting")));
    start(jobId(wf.id(), "quick"), W1);
    start(jobId(wf.id(), "slow"), W1);

    List<RunningAttempt> overdue = await(store.overdue(Instant.now().plusSeconds(60), 10));

    assertThat(overdue).extracting(RunningAttempt::jobId).containsExactly(jobId(wf.id(), "quick"));
    assertThat(overdue.get(0).workerId()).isEqualTo(W1);
    assertThat(overdue.get(0).attempt()).isEqualTo(1);
    assertThat(await(store.overdue(Instant.now().minusSeconds(60), 10))).isEmpty();
  }
}
