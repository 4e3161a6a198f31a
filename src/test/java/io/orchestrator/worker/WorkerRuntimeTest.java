package io.orchestrator.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime against a fake coordinator that speaks the protocol over a real WebSocket. */
@ExtendWith(VertxExtension.class)
class WorkerRuntimeTest {
  private Vertx vertx;
  private FakeCoordinator coordinator;
  private WorkerRuntime worker;
  // The "gate" handler finishes when the test opens it: outcomes without timing.
  private volatile Promise<JsonObject> gate;
  private volatile Context gateContext;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    coordinator = new FakeCoordinator(vertx, "coord-a").start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (worker != null) {
      Await.result(worker.drainAndStop());
    }
  }

  private WorkerRuntime startWorker(List<String> urls, int concurrency, String token) throws Exception {
    HandlerRegistry registry = BuiltinHandlers.register(new HandlerRegistry(), false);
    registry.register("gate", ctx -> {
      gateContext = Vertx.currentContext();
      gate = Promise.promise();
      ctx.progress(10, "waiting at the gate");
      return gate.future();
    });
    WorkerOptions options = WorkerOptions.of(urls, "test-worker", token)
        .withConcurrency(concurrency).withDrainTimeoutMs(10_000);
    worker = new WorkerRuntime(vertx, options, registry);
    Await.result(worker.start());
    return worker;
  }

  private void openGate(JsonObject result) throws InterruptedException {
    Await.until("the gate job to start", () -> gate != null);
    gateContext.runOnContext(v -> gate.complete(result));
  }

  @Test
  void anAssignmentLargerThanOneFrameArrivesInFragmentsAndRuns() throws Exception {
    startWorker(List.of(coordinator.url()), 1, null);
    coordinator.take("hello");
    Await.until("welcome", worker::isConnected);

    // 200 KB of UTF-8: the fake coordinator's server cuts it into a frame of 64 KiB and continuations.
    String rows = "é".repeat(100_000);
    coordinator.send(FakeCoordinator.assign("big", 1, "echo", new JsonObject().put("rows", rows)));
    JsonObject complete = coordinator.take("complete");
    assertThat(complete.getString("job_id")).isEqualTo("big");
    assertThat(complete.getJsonObject("result").getJsonObject("payload").getString("rows")).isEqualTo(rows);
  }

  @Test
  void helloWelcomeAssignCompleteAckAndHeartbeat() throws Exception {
    startWorker(List.of(coordinator.url()), 2, "s3cret");
    JsonObject hello = coordinator.take("hello");
    assertThat(hello.getString("name")).isEqualTo("test-worker");
    assertThat(hello.getJsonArray("queues")).containsExactly("default");
    assertThat(hello.getJsonArray("types").getList()).contains("noop", "echo", "sleep", "fail", "http", "gate");
    assertThat(hello.getInteger("concurrency")).isEqualTo(2);
    assertThat(hello.containsKey("worker_id")).isFalse();
    assertThat(coordinator.authorizations).containsExactly("Bearer s3cret");
    Await.until("welcome", worker::isConnected);
    assertThat(worker.workerId()).isEqualTo("w-1");
    assertThat(worker.coordinatorId()).isEqualTo("coord-a");

    coordinator.send(FakeCoordinator.assign("j1", 1, "echo", new JsonObject().put("rows", 3)));
    JsonObject complete = coordinator.take("complete");
    assertThat(complete.getString("job_id")).isEqualTo("j1");
    assertThat(complete.getInteger("attempt")).isEqualTo(1);
    assertThat(complete.getJsonObject("result").getJsonObject("payload").getInteger("rows")).isEqualTo(3);
    Await.until("the ack to clear the report", () -> worker.ackedCount() == 1 && worker.unackedCount() == 0);
    assertThat(worker.completedCount()).isEqualTo(1);

    coordinator.send(FakeCoordinator.assign("j2", 1, "gate", new JsonObject()));
    Await.until("a heartbeat listing j2", () -> {
      try {
        return coordinator.take("heartbeat").getJsonArray("running").contains("j2");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    JsonObject progress = coordinator.take("progress");
    assertThat(progress.getString("job_id")).isEqualTo("j2");
    assertThat(progress.getInteger("attempt")).isEqualTo(1);
    assertThat(progress.getInteger("percent")).isEqualTo(10);
    assertThat(progress.getString("message")).isEqualTo("waiting at the gate");
    openGate(new JsonObject().put("done", true));
    assertThat(coordinator.take("complete").getJsonObject("result").getBoolean("done")).isTrue();
  }

  @Test
  void unackedReportIsResentAfterReconnectWithTheSameWorkerId() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    coordinator.autoAck = false;
    coordinator.send(FakeCoordinator.assign("j1", 1, "noop", new JsonObject()));
    coordinator.take("complete");
    Await.until("the report to wait for its ack", () -> worker.unackedCount() == 1);

    coordinator.autoAck = true;
    coordinator.closeCurrent();
    JsonObject hello = coordinator.take("hello");
    assertThat(hello.getString("worker_id")).isEqualTo("w-1");
    JsonObject resent = coordinator.take("complete");
    assertThat(resent.getString("job_id")).isEqualTo("j1");
    Await.until("the re-sent report to be acked", () -> worker.unackedCount() == 0);
    assertThat(coordinator.connections.get()).isEqualTo(2);
  }

  @Test
  void failsOverToTheNextCoordinatorAndReportsThere() throws Exception {
    FakeCoordinator other = new FakeCoordinator(vertx, "coord-b").start();
    startWorker(List.of(coordinator.url(), other.url()), 2, null);
    coordinator.take("hello");
    coordinator.autoAck = false;
    coordinator.send(FakeCoordinator.assign("j1", 1, "gate", new JsonObject()));
    Await.until("the job to run", () -> worker.runningCount() == 1);

    coordinator.stop(); // the first coordinator is down: the job keeps running, its report waits
    openGate(new JsonObject().put("v", 1));
    JsonObject hello = other.take("hello");
    assertThat(hello.getString("worker_id")).isEqualTo("w-1");
    JsonObject complete = other.take("complete");
    assertThat(complete.getString("job_id")).isEqualTo("j1");
    assertThat(complete.getJsonObject("result").getInteger("v")).isEqualTo(1);
    Await.until("coord-b to ack", () -> worker.unackedCount() == 0);
    assertThat(worker.coordinatorId()).isEqualTo("coord-b");
  }

  @Test
  void cancelStopsASleepWithoutAReport() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    coordinator.send(FakeCoordinator.assign("long", 1, "sleep", new JsonObject().put("ms", 600_000)));
    Await.until("the sleep to run", () -> worker.runningCount() == 1);
    coordinator.send(new JsonObject().put("type", "cancel").put("job_id", "long").put("attempt", 1)
        .put("reason", "workflow cancelled"));
    Await.until("the sleep to stop", () -> worker.runningCount() == 0);
    // A later job's report proves the worker went on; nothing was ever reported for the sleep.
    coordinator.send(FakeCoordinator.assign("marker", 1, "noop", new JsonObject()));
    assertThat(coordinator.take("complete").getString("job_id")).isEqualTo("marker");
    assertThat(coordinator.count("complete", "long") + coordinator.count("fail", "long")).isZero();
  }

  @Test
  void arrayFramesAreAcceptedAndReportsOfOneTurnLeaveInOneArray() throws Exception {
    startWorker(List.of(coordinator.url()), 4, null);
    coordinator.take("hello");
    coordinator.send(new JsonArray()
        .add(FakeCoordinator.assign("a", 1, "noop", new JsonObject()))
        .add(FakeCoordinator.assign("b", 1, "noop", new JsonObject()))
        .add(FakeCoordinator.assign("c", 2, "noop", new JsonObject())));
    for (int i = 0; i < 3; i++) {
      coordinator.take("complete");
    }
    assertThat(coordinator.frames).anySatisfy(frame -> {
      List<JsonObject> messages = FakeCoordinator.decode(frame);
      assertThat(frame).startsWith("[");
      assertThat(messages).extracting(m -> m.getString("job_id")).containsExactly("a", "b", "c");
    });
  }

  @Test
  void largeMessagesTravelInFragmentsBothWays() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    String big = "x".repeat(150 * 1024); // over the default 64 KiB frame size
    coordinator.send(FakeCoordinator.assign("big", 1, "echo", new JsonObject().put("text", big)));
    JsonObject complete = coordinator.take("complete");
    assertThat(complete.getJsonObject("result").getJsonObject("payload").getString("text")).isEqualTo(big);
  }

  @Test
  void anErrorForAReportDropsIt() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    coordinator.autoAck = false;
    coordinator.send(FakeCoordinator.assign("j1", 3, "echo", new JsonObject()));
    coordinator.take("complete");
    coordinator.send(new JsonObject().put("type", "error").put("code", "stale_attempt")
        .put("message", "attempt 3 is not current").put("job_id", "j1").put("attempt", 3));
    Await.until("the report to be dropped", () -> worker.rejectedCount() == 1 && worker.unackedCount() == 0);
  }

  @Test
  void neverRunsMoreThanItsConcurrencyAndRejectsUnknownTypes() throws Exception {
    startWorker(List.of(coordinator.url()), 1, null);
    coordinator.take("hello");
    coordinator.send(FakeCoordinator.assign("first", 1, "gate", new JsonObject()));
    Await.until("the first job to run", () -> worker.runningCount() == 1);
    coordinator.send(FakeCoordinator.assign("second", 1, "noop", new JsonObject()));
    JsonObject rejected = coordinator.take("fail");
    assertThat(rejected.getString("job_id")).isEqualTo("second");
    assertThat(rejected.getBoolean("retryable")).isTrue();
    assertThat(rejected.getString("error")).isEqualTo("worker at capacity");
    openGate(new JsonObject());
    assertThat(coordinator.take("complete").getString("job_id")).isEqualTo("first");

    coordinator.send(FakeCoordinator.assign("odd", 1, "nope", new JsonObject()));
    JsonObject unknown = coordinator.take("fail");
    assertThat(unknown.getString("error")).isEqualTo("no handler for type nope");
    assertThat(unknown.getBoolean("retryable")).isFalse();
  }

  @Test
  void handlerFailuresAndTimeoutsBecomeFailReports() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    coordinator.send(FakeCoordinator.assign("f", 1, "fail", new JsonObject().put("retryable", false).put("message", "bad input")));
    JsonObject fail = coordinator.take("fail");
    assertThat(fail.getString("error")).isEqualTo("bad input");
    assertThat(fail.getBoolean("retryable")).isFalse();

    coordinator.send(FakeCoordinator.assign("t", 1, "sleep", new JsonObject().put("ms", 600_000)).put("timeout_ms", 50));
    JsonObject timedOut = coordinator.take("fail");
    assertThat(timedOut.getString("job_id")).isEqualTo("t");
    assertThat(timedOut.getString("error")).contains("timed out");
    assertThat(timedOut.getBoolean("retryable")).isTrue();
    Await.until("the slot to free", () -> worker.runningCount() == 0);
  }

  @Test
  void drainSaysSoWaitsForRunningJobsAndTheirAcks() throws Exception {
    startWorker(List.of(coordinator.url()), 2, null);
    coordinator.take("hello");
    coordinator.send(FakeCoordinator.assign("busy", 1, "gate", new JsonObject()));
    Await.until("the job to run", () -> worker.runningCount() == 1);

    Future<Void> stopped = worker.drainAndStop();
    coordinator.take("drain");
    coordinator.send(FakeCoordinator.assign("late", 1, "noop", new JsonObject()));
    JsonObject refused = coordinator.take("fail");
    assertThat(refused.getString("job_id")).isEqualTo("late");
    assertThat(refused.getBoolean("retryable")).isTrue();
    assertThat(stopped.isComplete()).as("still waiting for the running job").isFalse();

    openGate(new JsonObject().put("ok", true));
    assertThat(coordinator.take("complete").getString("job_id")).isEqualTo("busy");
    Await.result(stopped);
    assertThat(worker.unackedCount()).isZero();
    assertThat(worker.isConnected()).isFalse();
    worker = null;
  }
}
