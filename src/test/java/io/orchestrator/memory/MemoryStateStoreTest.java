package io.orchestrator.memory;

import static io.orchestrator.ports.StateStoreContract.NO_RETRY;
import static io.orchestrator.ports.StateStoreContract.W1;
import static io.orchestrator.ports.StateStoreContract.await;
import static io.orchestrator.ports.StateStoreContract.job;
import static io.orchestrator.ports.StateStoreContract.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Canonical;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.StateStoreContract;
import io.orchestrator.ports.StateStoreFailureContract;
import io.orchestrator.ports.StateStoreQueryContract;
import io.orchestrator.ports.StateStoreRecoveryContract;
import io.orchestrator.ports.StateStoreReportContract;
import io.orchestrator.ports.StateStoreStartContract;
import io.orchestrator.ports.StateStoreSubmitContract;
import io.orchestrator.ports.StateStoreWorkflowControlContract;
import io.orchestrator.ports.WorkerRecord;
import io.orchestrator.testsupport.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state store contract, run against the memory store, plus what only the memory store can show
 * exactly: with a clock under the test's control, the times and analytics figures are exact.
 */
class MemoryStateStoreTest {

  @RegisterExtension
  static final StateStoreContract.Factory STORES =
      (vertx, clock) -> Future.succeededFuture(new MemoryStateStore("coordinator-test", clock));

  @Nested
  class Submit extends StateStoreSubmitContract {}

  @Nested
  class Start extends StateStoreStartContract {}

  @Nested
  class Reports extends StateStoreReportContract {}

  @Nested
  class Failures extends StateStoreFailureContract {}

  @Nested
  class WorkflowControl extends StateStoreWorkflowControlContract {}

  @Nested
  class Queries extends StateStoreQueryContract {}

  @Nested
  class Recovery extends StateStoreRecoveryContract {}

  /** Runs a one-job workflow to its end on {@code memory}: SUCCEEDED, or FAILED for good. */
  private static UUID finishOneJob(MemoryStateStore memory, String key, boolean succeed) {
    UUID wf = await(memory.submit(workflow(job("a")), key)).workflow().id();
    UUID a = await(memory.workflow(wf)).jobs().get(0).id();
    Assignment started = await(memory.start(List.of(new StartAttempt(a, W1)))).get(0);
    await(memory.report(List.of(succeed ? Report.complete(a, started.attempt(), W1, new JsonObject())
        : Report.fail(a, started.attempt(), W1, "boom", false))));
    return wf;
  }

  /** What only the memory store can show: retention, exact times, copies, threads. */
  @Nested
  class MemoryOnly {
    @Test
    void finishedWorkflowsBeyondTheRetainedJobsAreForgottenFirstFinishedFirst() {
      MemoryStateStore memory = new MemoryStateStore("c1", Clock.systemUTC(), 3);
      UUID running = await(memory.submit(workflow(job("x"), job("y"), job("z"), job("w")), null)).workflow().id();
      UUID first = finishOneJob(memory, "key-1", true);
      UUID firstJob = await(memory.workflow(first)).jobs().get(0).id();
      UUID failed = finishOneJob(memory, null, false);
      UUID third = finishOneJob(memory, null, true);
      assertThat(await(memory.workflow(first))).as("3 finished jobs: all kept").isNotNull();

      UUID fourth = finishOneJob(memory, null, true);
      assertThat(await(memory.workflow(first))).as("forgotten").isNull();
      assertThat(await(memory.job(firstJob))).isNull();
      assertThat(await(memory.events(first))).isNull();
      assertThat(await(memory.workflows(null, 10, null)).items()).extracting(w -> w.id())
          .containsExactly(fourth, third, failed, running);
      assertThat(await(memory.analytics(Instant.EPOCH)).getJsonObject("queue_wait_ms").getInteger("count"))
          .as("the forgotten job's attempt went with it").isEqualTo(3);
      // Its idempotency key went with it: the key now makes a new workflow.
      var again = await(memory.submit(workflow(job("a")), "key-1"));
      assertThat(again.created()).isTrue();
      assertThat(again.workflow().id()).isNotEqualTo(first);

      // A retried workflow runs again: it is not forgotten while it runs, and counts as finished anew.
      assertThat(await(memory.retry(failed)).effects().ready).hasSize(1);
      finishOneJob(memory, null, true);
      finishOneJob(memory, null, true);
      assertThat(await(memory.workflow(failed))).as("running again, kept").isNotNull();
      assertThat(await(memory.workflow(third))).as("finished before the two newest").isNull();
      // A running workflow is never forgotten, however many jobs it has.
      assertThat(await(memory.workflow(running)).jobs()).hasSize(4);

      // Finished again, the retried workflow is the newest finished: it outlives the two before it.
      UUID retriedJob = await(memory.workflow(failed)).jobs().get(0).id();
      Assignment rerun = await(memory.start(List.of(new StartAttempt(retriedJob, W1)))).get(0);
      await(memory.report(List.of(Report.complete(retriedJob, rerun.attempt(), W1, new JsonObject()))));
      finishOneJob(memory, null, true);
      finishOneJob(memory, null, true);
      assertThat(await(memory.workflow(failed)).state().name()).isEqualTo("SUCCEEDED");
      finishOneJob(memory, null, true);
      assertThat(await(memory.workflow(failed))).as("now the first finished of those kept").isNull();
    }

    @Test
    void theNewestFinishedWorkflowIsKeptEvenAboveTheRetainedJobs() {
      MemoryStateStore memory = new MemoryStateStore("c1", Clock.systemUTC(), 1);
      UUID small = finishOneJob(memory, null, true);
      UUID big = await(memory.submit(workflow(job("a"), job("b")), null)).workflow().id();
      await(memory.cancel(big));
      assertThat(await(memory.workflow(big)).state().name()).isEqualTo("CANCELLED");
      assertThat(await(memory.workflow(small))).isNull();
    }

    @Test
    void timesAndAnalyticsFollowTheClock() {
      Instant t0 = Instant.parse("2025-03-01T10:00:30Z");
      ManualClock clock = new ManualClock(t0);
      MemoryStateStore memory = new MemoryStateStore("c1", clock);
      await(memory.saveWorker(new WorkerRecord(W1, "w", List.of("default"), List.of(), 2, "c1", t0, t0, List.of())));
      UUID wf = await(memory.submit(workflow(job("a"), job("b", "a")), null)).workflow().id();
      UUID a = await(memory.workflow(wf)).jobs().get(0).id();
      UUID b = await(memory.workflow(wf)).jobs().get(1).id();

      clock.advanceMillis(1_000); // a waited 1 s in the queue
      Assignment started = await(memory.start(List.of(new StartAttempt(a, W1)))).get(0);
      assertThat(started.deadline()).isEqualTo(t0.plusMillis(1_000 + 30_000));
      clock.advanceMillis(4_000); // a ran 4 s
      await(memory.report(List.of(Report.complete(a, 1, W1, new JsonObject()))));
      clock.advanceMillis(2_000); // b waited 2 s
      await(memory.start(List.of(new StartAttempt(b, W1))));
      clock.advanceMillis(6_000); // b ran 6 s, finishing at 10:00:43
      await(memory.report(List.of(Report.complete(b, 1, W1, new JsonObject()))));

      Job done = await(memory.job(b));
      assertThat(done.queuedAt()).isEqualTo(t0.plusMillis(5_000));
      assertThat(done.startedAt()).isEqualTo(t0.plusMillis(7_000));
      assertThat(done.finishedAt()).isEqualTo(t0.plusMillis(13_000));
      assertThat(await(memory.workflow(wf)).finishedAt()).isEqualTo(t0.plusMillis(13_000));

      clock.advanceMillis(7_000); // now 10:00:50, the window is 20 s long
      JsonObject analytics = await(memory.analytics(t0));
      assertThat(analytics.getJsonObject("job_duration_ms").getJsonObject("echo"))
          .isEqualTo(new JsonObject().put("count", 2).put("p50", 4_000L).put("p95", 6_000L).put("p99", 6_000L));
      assertThat(analytics.getJsonObject("queue_wait_ms"))
          .isEqualTo(new JsonObject().put("count", 2).put("p50", 1_000L).put("p95", 2_000L).put("p99", 2_000L));
      assertThat(analytics.getJsonArray("throughput_per_minute"))
          .isEqualTo(new JsonArray().add(new JsonObject().put("minute", "2025-03-01T10:00:00Z").put("completed", 2)));
      assertThat(analytics.getJsonArray("workers")).isEqualTo(new JsonArray().add(new JsonObject()
          .put("worker_id", W1).put("attempts", 2).put("busy_ms", 10_000L)
          .put("utilisation", 10_000.0 / (20_000 * 2))));
      assertThat(analytics.getDouble("success_rate")).isEqualTo(1.0);

      clock.advance(Duration.ofMinutes(61));
      assertThat(await(memory.analytics(t0)).getJsonArray("throughput_per_minute")).as("older than an hour").isEmpty();
    }

    @Test
    void sharedEmptyObjectsAreHandedOutAsCopiesThatCanChange() {
      MemoryStateStore memory = new MemoryStateStore("c1", Clock.systemUTC());
      JobSpec bare = new JobSpec("a", "echo", Canonical.EMPTY_OBJECT, List.of(), "default", NO_RETRY, 30_000, 0);
      WorkflowSpec spec = new WorkflowSpec("wf", 0, Canonical.EMPTY_OBJECT, List.of(bare, job("b", "a")));
      UUID wf = await(memory.submit(spec, null)).workflow().id();
      UUID a = await(memory.workflow(wf)).jobs().get(0).id();
      Assignment started = await(memory.start(List.of(new StartAttempt(a, W1)))).get(0);
      started.payload().put("changed", true);
      await(memory.report(List.of(Report.complete(a, 1, W1, new JsonObject()))));

      Job read = await(memory.job(a));
      read.payload().put("changed", true);
      read.result().put("changed", true);
      await(memory.workflow(wf)).labels().put("changed", true);
      UUID b = await(memory.workflow(wf)).jobs().get(1).id();
      Assignment next = await(memory.start(List.of(new StartAttempt(b, W1)))).get(0);
      next.inputs().getJsonObject("a").put("changed", true);

      assertThat(await(memory.job(a)).payload().encode()).isEqualTo("{}");
      assertThat(await(memory.job(a)).result().encode()).isEqualTo("{}");
      assertThat(await(memory.workflow(wf)).labels().encode()).isEqualTo("{}");
      assertThat(Canonical.EMPTY_OBJECT.isEmpty()).isTrue();
    }

    @Test
    void concurrentCallersFromSeveralThreadsLoseNothing() throws Exception {
      MemoryStateStore memory = new MemoryStateStore("c1", Clock.systemUTC());
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          String worker = "w" + t;
          runs.add(pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
              UUID wf = await(memory.submit(workflow(job("a"), job("b", "a")), null)).workflow().id();
              for (Job job : await(memory.workflow(wf)).jobs()) {
                Assignment started = await(memory.start(List.of(new StartAttempt(job.id(), worker)))).get(0);
                await(memory.report(List.of(Report.complete(job.id(), started.attempt(), worker, new JsonObject()))));
              }
            }
          }));
        }
        for (java.util.concurrent.Future<?> run : runs) {
          run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      JsonObject analytics = await(memory.analytics(Instant.EPOCH));
      assertThat(analytics.getJsonObject("workflows").getInteger("SUCCEEDED")).isEqualTo(800);
      assertThat(analytics.getJsonObject("jobs").getInteger("SUCCEEDED")).isEqualTo(1_600);
      assertThat(await(memory.recovery()).queued()).isEmpty();
    }
  }
}
