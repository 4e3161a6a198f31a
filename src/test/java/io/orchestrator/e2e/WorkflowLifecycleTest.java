package io.orchestrator.e2e;

import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static io.orchestrator.testsupport.TestCoordinator.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.worker.HandlerRegistry;
import io.orchestrator.worker.WorkerRuntime;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The life cycle of workflows on a real coordinator with real WebSocket workers, in memory. */
class WorkflowLifecycleTest {
  private TestCoordinator it;
  private final List<String> cancels = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    it = TestCoordinator.memory();
  }

  @AfterEach
  void stop() {
    it.close();
  }

  /** "hang": never finishes by itself; records the cancels it receives. "hang-first": only attempt 1 hangs. */
  private HandlerRegistry hanging() {
    return new HandlerRegistry()
        .register("hang", ctx -> {
          Promise<JsonObject> never = Promise.promise();
          ctx.onCancel(v -> cancels.add(ctx.jobName() + "#" + ctx.attempt()));
          return never.future();
        })
        .register("hang-first", ctx -> {
          if (ctx.attempt() > 1) {
            return Future.succeededFuture(new JsonObject().put("attempt", ctx.attempt()));
          }
          ctx.onCancel(v -> cancels.add(ctx.jobName() + "#" + ctx.attempt()));
          return Promise.<JsonObject>promise().future();
        });
  }

  private static JsonObject spec(String name, String type, String... deps) {
    return new JsonObject().put("name", name).put("type", type).put("depends_on", new JsonArray(List.of((Object[]) deps)));
  }

  private static JsonObject workflow(String name, JsonObject... jobs) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray(List.of((Object[]) jobs)));
  }

  @Test
  void diamondRunsOnTwoWorkersAndOutputsFlowDownstream() {
    it.worker("w1", 2, null);
    it.worker("w2", 2, null);
    JsonObject submitted = it.submit(workflow("diamond",
        spec("start", "echo").put("payload", new JsonObject().put("n", 1)),
        spec("left", "echo", "start").put("payload", new JsonObject().put("side", "left")),
        spec("right", "echo", "start").put("payload", new JsonObject().put("side", "right")),
        spec("join", "echo", "left", "right")));
    assertThat(submitted.getString("state")).isEqualTo("RUNNING");

    JsonObject done = it.awaitTerminal(submitted.getString("id"));

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    JsonObject joinInputs = job(done, "join").getJsonObject("result").getJsonObject("inputs");
    assertThat(joinInputs.fieldNames()).containsExactlyInAnyOrder("left", "right");
    assertThat(joinInputs.getJsonObject("left").getJsonObject("payload").getString("side")).isEqualTo("left");
    assertThat(joinInputs.getJsonObject("left").getJsonObject("inputs").getJsonObject("start")
        .getJsonObject("payload").getInteger("n")).isEqualTo(1);
    done.getJsonArray("jobs").forEach(j -> assertThat(((JsonObject) j).getInteger("attempt")).isEqualTo(1));
  }

  @Test
  void failingJobIsRetriedUntilItSucceeds() {
    it.worker("w1", 2, null);
    JsonObject flaky = spec("flaky", "fail")
        .put("payload", new JsonObject().put("message", "boom").put("succeed_on_attempt", 3))
        .put("retry", new JsonObject().put("max_attempts", 3).put("initial_delay_ms", 20).put("multiplier", 2.0));
    String id = it.submit(workflow("retry", flaky, spec("after", "echo", "flaky"))).getString("id");

    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "flaky").getInteger("attempt")).isEqualTo(3);
    JsonArray events = it.get("/api/v1/workflows/" + id + "/events").getJsonArray("events");
    long retryWaits = events.stream().map(JsonObject.class::cast)
        .filter(e -> "RETRY_WAIT".equals(e.getString("to_state"))).count();
    assertThat(retryWaits).isEqualTo(2);
  }

  @Test
  void permanentFailureSkipsDependantsAndFailsTheWorkflow() {
    it.worker("w1", 4, null);
    JsonObject broken = spec("broken", "fail").put("payload", new JsonObject().put("message", "no way").put("retryable", false))
        .put("retry", new JsonObject().put("max_attempts", 5));
    String id = it.submit(workflow("failing", spec("root", "echo"), broken.put("depends_on", new JsonArray().add("root")),
        spec("child", "echo", "broken"), spec("grandchild", "echo", "child"), spec("independent", "echo", "root"))).getString("id");

    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("FAILED");
    assertThat(job(done, "broken").getString("state")).isEqualTo("FAILED");
    assertThat(job(done, "broken").getInteger("attempt")).isEqualTo(1);
    assertThat(job(done, "broken").getString("error")).contains("no way");
    assertThat(job(done, "child").getString("state")).isEqualTo("SKIPPED");
    assertThat(job(done, "grandchild").getString("state")).isEqualTo("SKIPPED");
    assertThat(job(done, "independent").getString("state")).isEqualTo("SUCCEEDED");
  }

  @Test
  void timedOutAttemptIsCancelledOnTheWorkerAndRetried() {
    it.worker("w1", 2, hanging());
    JsonObject slow = spec("slow", "hang-first").put("timeout_ms", 300)
        .put("retry", new JsonObject().put("max_attempts", 2).put("initial_delay_ms", 10));
    String id = it.submit(workflow("timeout", slow)).getString("id");

    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "slow").getInteger("attempt")).isEqualTo(2);
    eventually("the worker to receive cancel for attempt 1", () -> cancels.contains("slow#1"));
    JsonArray events = it.get("/api/v1/workflows/" + id + "/events").getJsonArray("events");
    assertThat(events.stream().map(JsonObject.class::cast)
        .anyMatch(e -> String.valueOf(e.getValue("details")).contains("timed out"))).isTrue();
  }

  @Test
  void jobOfAKilledWorkerFinishesOnTheOtherWorker() {
    TestCoordinator.Isolated doomed = it.isolatedWorker("doomed", 1, hanging());
    JsonObject slow = spec("slow", "hang-first").put("retry", new JsonObject().put("max_attempts", 3).put("initial_delay_ms", 10));
    String id = it.submit(workflow("killed", slow)).getString("id");
    it.awaitWorkflow(id, w -> "RUNNING".equals(job(w, "slow").getString("state")));
    assertThat(job(it.workflow(id), "slow").getString("worker_id")).isEqualTo(doomed.runtime().workerId());

    it.worker("survivor", 1, hanging());
    doomed.kill();
    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "slow").getInteger("attempt")).isEqualTo(2);
    assertThat(job(done, "slow").getString("worker_id")).isNotEqualTo(doomed.runtime().workerId());
  }

  @Test
  void cancelStopsRunningJobsOnTheirWorkers() {
    it.worker("w1", 4, hanging());
    String id = it.submit(workflow("cancel", spec("a", "hang"), spec("b", "hang"), spec("c", "echo", "a"))).getString("id");
    it.awaitWorkflow(id, w -> "RUNNING".equals(job(w, "a").getString("state")) && "RUNNING".equals(job(w, "b").getString("state")));

    assertThat(it.post("/api/v1/workflows/" + id + "/cancel", null).statusCode()).isEqualTo(202);

    JsonObject done = it.awaitTerminal(id);
    assertThat(done.getString("state")).isEqualTo("CANCELLED");
    done.getJsonArray("jobs").forEach(j -> assertThat(((JsonObject) j).getString("state")).isEqualTo("CANCELLED"));
    eventually("both running jobs cancelled on the worker", () -> cancels.containsAll(List.of("a#1", "b#1")));
    assertThat(it.post("/api/v1/workflows/" + id + "/cancel", null).statusCode()).isEqualTo(409);
  }

  @Test
  void retryOfAFailedWorkflowRerunsItsFailedAndSkippedJobs() {
    it.worker("w1", 2, null);
    JsonObject once = spec("flaky", "fail").put("payload", new JsonObject().put("succeed_on_attempt", 2));
    String id = it.submit(workflow("rerun", once, spec("after", "echo", "flaky"))).getString("id");
    assertThat(it.awaitTerminal(id).getString("state")).isEqualTo("FAILED");

    assertThat(it.post("/api/v1/workflows/" + id + "/retry", null).statusCode()).isEqualTo(202);

    JsonObject done = it.awaitTerminal(id);
    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "flaky").getInteger("attempt")).isEqualTo(2);
    assertThat(job(done, "after").getString("state")).isEqualTo("SUCCEEDED");
  }

  @Test
  void sameIdempotencyKeyReturnsTheFirstWorkflowAndCreatesNothing() {
    JsonObject body = workflow("once", spec("a", "echo"));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json").add("Idempotency-Key", "k-123");

    var first = it.request("POST", "/api/v1/workflows", body.toBuffer(), headers);
    var second = it.request("POST", "/api/v1/workflows", body.toBuffer(), headers);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(second.getHeader("Location")).isEqualTo("/api/v1/workflows/" + first.bodyAsJsonObject().getString("id"));
    assertThat(it.get("/api/v1/workflows").getJsonArray("items")).hasSize(1);
  }

  @Test
  void higherPriorityRunsFirstWhenCapacityIsScarce() {
    List<String> order = new CopyOnWriteArrayList<>();
    HandlerRegistry recording = new HandlerRegistry().register("record", ctx -> {
      order.add(ctx.payload().getString("tag"));
      return Future.succeededFuture(new JsonObject());
    });
    // Submitted before any worker connects, so all compete for the one slot.
    it.submit(workflow("low", spec("j", "record").put("payload", new JsonObject().put("tag", "low"))).put("priority", 0));
    it.submit(workflow("high", spec("j", "record").put("payload", new JsonObject().put("tag", "high"))).put("priority", 10));
    it.submit(workflow("mid", spec("j", "record").put("payload", new JsonObject().put("tag", "mid"))).put("priority", 5));
    it.submit(workflow("low-but-urgent-job", spec("j", "record").put("priority", 7)
        .put("payload", new JsonObject().put("tag", "low-wf-urgent-job"))).put("priority", 0));

    it.worker("single", 1, recording);

    eventually("four jobs run", () -> order.size() == 4);
    assertThat(order).containsExactly("high", "mid", "low-wf-urgent-job", "low");
  }

  @Test
  void aWorkerNeverRunsMoreThanItsConcurrency() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    HandlerRegistry tracking = new HandlerRegistry().register("track", ctx -> {
      peak.accumulateAndGet(now.incrementAndGet(), Math::max);
      Promise<JsonObject> done = Promise.promise();
      ctx.vertx().setTimer(15, t -> {
        now.decrementAndGet();
        done.complete(new JsonObject());
      });
      return done.future();
    });
    WorkerRuntime worker = it.worker("three", 3, tracking);
    JsonObject[] jobs = new JsonObject[30];
    for (int i = 0; i < jobs.length; i++) {
      jobs[i] = spec("j" + i, "track");
    }
    String id = it.submit(workflow("wide", jobs)).getString("id");

    assertThat(it.awaitTerminal(id).getString("state")).isEqualTo("SUCCEEDED");
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(worker.rejectedCount()).isZero();
  }

  @Test
  void anAttemptNoSchedulerWatchesIsTimedOutByTheMonitor() {
    // A start whose answer never reached the scheduler: RUNNING in the store, on a worker that
    // never got the assignment, with no deadline in any scheduler's wheel.
    JsonObject orphan = spec("orphan", "echo").put("timeout_ms", 100)
        .put("retry", new JsonObject().put("max_attempts", 2).put("initial_delay_ms", 10));
    String id = it.submit(workflow("orphaned", orphan)).getString("id");
    java.util.UUID jobId = java.util.UUID.fromString(job(it.workflow(id), "orphan").getString("id"));
    TestCoordinator.await(it.coordinator.services().store().start(List.of(new io.orchestrator.ports.StartAttempt(jobId, "ghost-worker"))));
    assertThat(job(it.workflow(id), "orphan").getString("state")).isEqualTo("RUNNING");

    it.worker("real", 1, null);
    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "orphan").getInteger("attempt")).isEqualTo(2);
    assertThat(it.get("/api/v1/workflows/" + id + "/events").getJsonArray("events").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "ghost-worker".equals(e.getString("worker_id")) && "RUNNING".equals(e.getString("from_state"))
            && e.getJsonObject("details") != null && "TIMED_OUT".equals(e.getJsonObject("details").getString("outcome")))).isTrue();
  }
}
