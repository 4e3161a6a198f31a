package io.orchestrator.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orchestrator.config.AppConfig;
import io.orchestrator.coordinator.Coordinator;
import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.CoordinatorSettings;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.worker.EmbeddedWorkers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code coordinator}: runs the server until SIGTERM/SIGINT; optionally with embedded workers. */
final class CoordinatorCommand {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCommand.class);

  static final String USAGE = String.join("\n",
      "Usage: java -jar workflow-orchestrator.jar coordinator [options]",
      "",
      "Runs the coordinator. Storage: in memory unless DATABASE_URL (PostgreSQL) and REDIS_URL are set.",
      "",
      "Options:",
      "  --port N            HTTP port (default 8000, env HTTP_PORT)",
      "  --host H            bind address (default 0.0.0.0, env HTTP_HOST)",
      "  --local-workers N   also start N workers in this JVM, connected over the real WebSocket",
      "  --config FILE       configuration file (default conf/config.json, then the built-in defaults)",
      "  --no-migrate        do not migrate the database schema on start",
      "  --help              this text",
      "",
      "Environment: HTTP_PORT, HTTP_HOST, DATABASE_URL, REDIS_URL, API_TOKEN, WORKER_TOKEN,",
      "HEARTBEAT_INTERVAL_MS, HEARTBEAT_TTL_MS, DEFAULT_JOB_TIMEOUT_MS, BODY_LIMIT_BYTES, ...",
      "(see conf/config.json; environment overrides the file, options override both).");

  private CoordinatorCommand() {}

  /** A coordinator being started on its own Vertx (with metrics), and its local workers. */
  record Running(Vertx vertx, Future<Coordinator> coordinator) {}

  static Running start(AppConfig config, int localWorkers) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CoordinatorMetrics metrics = new CoordinatorMetrics(registry);
    Vertx vertx = Vertx.builder()
        // Event-bus meters would be updated for every message of every job: left out of the hot path.
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    CoordinatorSettings settings = ServicesFactory.settings(config, localWorkers);
    Future<Coordinator> started = ServicesFactory.create(vertx, config, settings, metrics)
        .compose(services -> Coordinator.deploy(vertx, services))
        .compose(coordinator -> localWorkers == 0 ? Future.succeededFuture(coordinator)
            : EmbeddedWorkers.start(vertx, "ws://127.0.0.1:" + coordinator.port(), localWorkers,
                config.workerToken().orElse(null)).map(workers -> {
                  LOG.info("{} local workers connected", localWorkers);
                  return coordinator;
                }));
    return new Running(vertx, started);
  }

  static int run(String[] args) {
    Flags flags = Flags.parse(args, Set.of("--port", "--host", "--local-workers", "--config"), Set.of("--help", "--no-migrate"));
    if (flags.has("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    JsonObject overrides = new JsonObject();
    if (flags.has("--port")) {
      overrides.put("http_port", flags.intValue("--port", 8000, 0, 65535));
    }
    if (flags.has("--host")) {
      overrides.put("http_host", flags.get("--host"));
    }
    if (flags.has("--no-migrate")) {
      overrides.put("migrate_on_start", false);
    }
    int localWorkers = flags.intValue("--local-workers", 0, 0, 64);
    AppConfig config = AppConfig.load(Path.of(flags.has("--config") ? flags.get("--config") : "conf/config.json"),
        System.getenv(), overrides);
    LOG.info("Starting coordinator {} with {}", config.coordinatorId(), config);

    Running running = start(config, localWorkers);
    Vertx vertx = running.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Future<Coordinator> started = running.coordinator();
    try {
      Coordinator coordinator = started.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("Shutting down");
        try {
          coordinator.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
        }
        stopped.countDown();
      }, "coordinator-shutdown"));
      stopped.await();
      return 0;
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("error: the coordinator could not start: " + cause.getMessage());
      vertx.close();
      return 1;
    }
  }
}
