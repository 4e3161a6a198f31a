package io.orchestrator.worker;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The {@code worker} command: runs a worker until SIGTERM/SIGINT, then drains (bounded). */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {
  }

  /** Returns the process exit code: 0 after a clean stop or --help, 2 on bad arguments, 1 on failure. */
  public static int run(String[] args) {
    WorkerOptions options;
    HandlerRegistry registry;
    try {
      options = WorkerOptions.parse(args, System.getenv());
      if (options.help()) {
        System.out.println(WorkerOptions.usage());
        return 0;
      }
      registry = BuiltinHandlers.register(new HandlerRegistry(), options.allowShell());
      List<String> unknown = options.types().stream().filter(t -> !registry.has(t)).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("--types names unknown handlers " + unknown
            + " (known: " + registry.types() + (options.allowShell() ? "" : "; shell needs --allow-shell") + ")");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("worker: " + e.getMessage());
      System.err.println(WorkerOptions.usage());
      return 2;
    }

    Vertx vertx = Vertx.vertx();
    WorkerRuntime runtime = new WorkerRuntime(vertx, options, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    long boundMs = options.drainTimeoutMs() + 5_000;
    Thread hook = new Thread(() -> {
      log.info("shutdown requested: draining (up to {} ms)", options.drainTimeoutMs());
      try {
        runtime.drainAndStop().eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(boundMs, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("worker did not stop cleanly: {}", e.toString());
      } finally {
        stopped.countDown();
      }
    }, "worker-shutdown");
    try {
      runtime.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(hook);
      log.info("worker {} started: urls={} queues={} concurrency={}", options.name(), options.urls(),
          options.queues(), options.concurrency());
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      log.error("worker failed to start", e);
      vertx.close();
      return 1;
    }
  }
}
