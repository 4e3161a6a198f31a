package io.orchestrator.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The worker: keeps a WebSocket to one of the coordinators ({@link CoordinatorConnection}, failing
 * over between the URLs, with backoff), runs assigned jobs through {@link JobRunner} and delivers
 * their reports at least once through {@link ReportOutbox}. This entry point builds the parts and
 * deploys the verticle they live on: all state lives on its context, so the runtime is
 * single-threaded and several runtimes can share one Vertx.
 */
public final class WorkerRuntime {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final Vertx vertx;
  private final WorkerOptions options;
  private final List<String> types;
  private final ReportOutbox outbox = new ReportOutbox();
  private final CoordinatorConnection connection;
  private final ReportFlush flush;
  private final JobRunner runner;
  private final SessionWatchdog watchdog;
  private final Shutdown shutdown;
  private final CoordinatorMessages messages;

  private Context context;
  private String deploymentId;

  public WorkerRuntime(Vertx vertx, WorkerOptions options, HandlerRegistry registry) {
    if (options.urls().isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one coordinator URL");
    }
    this.vertx = vertx;
    this.options = options;
    this.types = options.types().isEmpty() ? registry.types() : options.types();
    // The connection and the flush are made first, everything else uses them; what they need from
    // the parts made later they reach through this runtime's methods.
    this.connection = new CoordinatorConnection(vertx, options, this::isStopped, new SocketEvents());
    this.flush = new ReportFlush(outbox, connection, () -> context, this::changed);
    this.runner = new JobRunner(vertx, registry, options.concurrency(), flush::report, flush::progress);
    this.watchdog = new SessionWatchdog(vertx, connection, flush, runner);
    this.shutdown = new Shutdown(vertx, options, runner, outbox, connection, watchdog, flush);
    this.messages = new CoordinatorMessages(options.name(), connection, watchdog, flush, outbox, runner, shutdown);
  }

  /** Deploys the runtime and begins connecting; completes once started, not once connected. */
  public Future<Void> start() {
    return vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        WorkerRuntime.this.context = context;
        connection.connect();
        return Future.succeededFuture();
      }

      @Override
      public Future<?> stop() {
        shutdown.finish("undeployed");
        return Future.succeededFuture();
      }
    }).onSuccess(id -> deploymentId = id).mapEmpty();
  }

  /**
   * Graceful stop: sends {@code drain}, takes no new jobs, waits for the running ones and for their
   * reports to be acked (at most the drain timeout), then closes.
   */
  public Future<Void> drainAndStop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    context.runOnContext(v -> shutdown.drain());
    return shutdown.done().compose(v -> deploymentId == null ? Future.succeededFuture()
        : vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture()));
  }

  /** Completes when the runtime has stopped (drained, or its Vertx closed). */
  public Future<Void> stopped() {
    return shutdown.done();
  }

  public String workerId() { return connection.workerId(); }
  public String coordinatorId() { return connection.coordinatorId(); }
  public String name() { return options.name(); }
  public boolean isConnected() { return connection.isConnected(); }
  public long completedCount() { return flush.completedCount(); }
  public long failedCount() { return flush.failedCount(); }
  public long ackedCount() { return messages.ackedCount(); }
  public long rejectedCount() { return messages.rejectedCount(); }
  public long connectionCount() { return connection.connectionCount(); }
  public int unackedCount() { return shutdown.unackedCount(); }
  public int runningCount() { return shutdown.runningCount(); }

  private boolean isStopped() {
    return shutdown.stopped();
  }

  private void changed() {
    shutdown.changed();
  }

  /** A socket's life as the other parts see it: the hello, its frames, and what its loss drops. */
  private final class SocketEvents implements CoordinatorConnection.Events {
    @Override
    public void opened(WebSocket ws, String url) {
      flush.send(ws, List.of(Reports.hello(options.name(), options.queues(), types, options.concurrency(), connection.workerId())));
      watchdog.expectWelcome(ws, url);
    }

    @Override
    public void frame(WebSocket ws, Buffer frame) {
      messages.onFrame(ws, frame);
    }

    @Override
    public void lost(String url) {
      watchdog.stopHeartbeat();
      outbox.clearPending();
      if (!shutdown.stopped()) {
        log.info("connection to {} closed; {} running, {} unacked reports kept", url, runner.size(), outbox.unackedCount());
      }
    }
  }
}
