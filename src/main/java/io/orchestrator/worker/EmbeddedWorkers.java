package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Workers inside the coordinator's process ({@code --local-workers N}): each with concurrency 4,
 * queue "default" and every built-in handler except {@code shell}, connecting over loopback.
 */
public final class EmbeddedWorkers {
  private EmbeddedWorkers() {
  }

  public static Future<List<WorkerRuntime>> start(Vertx vertx, String url, int count, String token) {
    String connectUrl = WorkerOptions.connectUrl(url);
    List<WorkerRuntime> workers = new ArrayList<>();
    List<Future<Void>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WorkerOptions options = WorkerOptions.of(List.of(connectUrl), "local-" + ProcessHandle.current().pid() + "-" + i, token);
      WorkerRuntime worker = new WorkerRuntime(vertx, options, BuiltinHandlers.register(new HandlerRegistry(), false));
      workers.add(worker);
      started.add(worker.start());
    }
    return Future.all(started).map(v -> List.copyOf(workers));
  }

  /** Drains every worker (used when the coordinator shuts down). */
  public static Future<Void> stop(List<WorkerRuntime> workers) {
    return Future.all(workers.stream().map(WorkerRuntime::drainAndStop).toList()).mapEmpty();
  }
}
