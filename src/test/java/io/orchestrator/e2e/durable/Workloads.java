package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static io.orchestrator.testsupport.TestCoordinator.eventually;

import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.worker.BuiltinHandlers;
import io.orchestrator.worker.HandlerRegistry;
import io.orchestrator.worker.WorkerOptions;
import io.orchestrator.worker.WorkerRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Workflows and workers shared by the failure tests: jobs that retry, workers that fail over. */
final class Workloads {
  /** Enough attempts that a LOST or TIMED_OUT attempt (a crash, an outage) is simply run again. */
  static final JsonObject RETRY = new JsonObject().put("max_attempts", 10).put("initial_delay_ms", 20).put("multiplier", 1.5);

  private Workloads() {}

  static JsonObject sleep(String name, long ms, String... deps) {
    return new JsonObject().put("name", name).put("type", "sleep").put("payload", new JsonObject().put("ms", ms))
        .put("retry", RETRY).put("depends_on", new JsonArray(List.of((Object[]) deps)));
  }

  private static long jitter(long from, long to) {
    return ThreadLocalRandom.current().nextLong(from, to + 1);
  }

  /** A chain of three sleeps, then a fan-out to two and a fan-in: six jobs. */
  static JsonObject chainAndFan(String name) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray()
        .add(sleep("a", jitter(50, 100))).add(sleep("b", jitter(50, 100), "a")).add(sleep("c", jitter(50, 100), "b"))
        .add(sleep("left", jitter(50, 100), "c")).add(sleep("right", jitter(50, 100), "c"))
        .add(sleep("join", jitter(20, 50), "left", "right")));
  }

  /** Three root jobs and a join: four jobs, three of them queued at once. */
  static JsonObject threeRoots(String name, long ms) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray()
        .add(sleep("r1", ms)).add(sleep("r2", ms)).add(sleep("r3", ms)).add(sleep("join", 10, "r1", "r2", "r3")));
  }

  static List<String> submitAll(TestCoordinator it, int count, java.util.function.IntFunction<JsonObject> workflow) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(it.submit(workflow.apply(i)).getString("id"));
    }
    return ids;
  }

  /**
   * Waits for every workflow to end; answers the state of each. While a backing service is being
   * failed on purpose a read may answer 503 (the API's contract: try again); any other non-200 fails.
   */
  static List<String> finalStates(TestCoordinator it, List<String> ids) {
    List<String> states = new ArrayList<>();
    for (String id : ids) {
      String[] state = {null};
      eventually("workflow " + id + " to end", () -> {
        HttpResponse<Buffer> response = it.request("GET", "/api/v1/workflows/" + id, null, null);
        if (response.statusCode() == 503) {
          return false;
        }
        if (response.statusCode() != 200) {
          throw new AssertionError("GET workflow " + id + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        state[0] = response.bodyAsJsonObject().getString("state");
        return !"RUNNING".equals(state[0]);
      });
      states.add(state[0]);
    }
    return states;
  }

  /** A worker on its own Vertx (closing it is a kill -9) that tries {@code urls} in turn. */
  static Worker worker(List<String> urls, String name, int concurrency) {
    Vertx own = Vertx.vertx();
    HandlerRegistry registry = new HandlerRegistry();
    BuiltinHandlers.register(registry, false);
    WorkerRuntime runtime = new WorkerRuntime(own, WorkerOptions.of(urls, name, null).withConcurrency(concurrency), registry);
    try {
      await(runtime.start());
      eventually("worker " + name + " connected", runtime::isConnected);
    } catch (RuntimeException | AssertionError e) {
      own.close();
      throw e;
    }
    return new Worker(runtime, own);
  }

  record Worker(WorkerRuntime runtime, Vertx vertx) implements AutoCloseable {
    /** Ends the worker at once, without a drain. Closing a closed Vertx again is harmless. */
    void kill() {
      await(vertx.close());
    }

    @Override
    public void close() {
      kill();
    }
  }
}
