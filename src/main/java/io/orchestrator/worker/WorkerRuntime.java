package io.orchestrator.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.orchestrator.wire.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker: keeps a WebSocket to one of the coordinators ({@link CoordinatorConnection}, failing
 * over between the URLs, with backoff), runs assigned jobs through {@link JobRunner} and delivers
 * their reports at least once through {@link ReportOutbox}. All state lives on the context of an
 * internal verticle, so the runtime is single-threaded and several runtimes can share one Vertx.
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
  private final Promise<Void> stoppedPromise = Promise.promise();

  private Context context;
  private String deploymentId;
  private boolean draining;
  private boolean stopped;
  private long drainTimer = -1;

  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicInteger unacked = new AtomicInteger();
  private final AtomicInteger runningCount = new AtomicInteger();

  public WorkerRuntime(Vertx vertx, WorkerOptions options, HandlerRegistry registry) {
    if (options.urls().isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one coordinator URL");
    }
    this.vertx = vertx;
    this.options = options;
    this.types = options.types().isEmpty() ? registry.types() : options.types();
    this.connection = new CoordinatorConnection(vertx, options, () -> stopped, new SocketEvents());
    this.flush = new ReportFlush(outbox, connection, () -> context, this::afterChange);
    this.runner = new JobRunner(vertx, registry, options.concurrency(), flush::report, flush::progress);
    this.watchdog = new SessionWatchdog(vertx, connection, flush, runner);
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
        finish("undeployed");
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
    context.runOnContext(v -> {
      if (draining || stopped) {
        return;
      }
      draining = true;
      log.info("worker {} draining: {} running, {} unacked", options.name(), runner.size(), outbox.unackedCount());
      if (connection.isWelcomed()) {
        outbox.addTransient(Reports.drain());
        flush.schedule();
      }
      drainTimer = vertx.setTimer(Math.max(1, options.drainTimeoutMs()), id -> {
        log.warn("drain timeout: stopping with {} running and {} unacked reports", runner.size(), outbox.unackedCount());
        finish("drain timeout");
      });
      maybeFinishDrain();
    });
    return stoppedPromise.future().compose(v -> deploymentId == null ? Future.succeededFuture()
        : vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture()));
  }

  /** Completes when the runtime has stopped (drained, or its Vertx closed). */
  public Future<Void> stopped() {
    return stoppedPromise.future();
  }

  public String workerId() { return connection.workerId(); }
  public String coordinatorId() { return connection.coordinatorId(); }
  public String name() { return options.name(); }
  public boolean isConnected() { return connection.isConnected(); }
  public long completedCount() { return flush.completedCount(); }
  public long failedCount() { return flush.failedCount(); }
  public long ackedCount() { return acked.get(); }
  public long rejectedCount() { return rejected.get(); }
  public long connectionCount() { return connection.connectionCount(); }
  public int unackedCount() { return unacked.get(); }
  public int runningCount() { return runningCount.get(); }

  // ---- connection ----

  /** A socket's life as the other parts see it: the hello, its frames, and what its loss drops. */
  private final class SocketEvents implements CoordinatorConnection.Events {
    @Override
    public void opened(WebSocket ws, String url) {
      flush.send(ws, List.of(Reports.hello(options.name(), options.queues(), types, options.concurrency(), connection.workerId())));
      watchdog.expectWelcome(ws, url);
    }

    @Override
    public void frame(WebSocket ws, Buffer frame) {
      onFrame(ws, frame);
    }

    @Override
    public void lost(String url) {
      watchdog.stopHeartbeat();
      outbox.clearPending();
      if (!stopped) {
        log.info("connection to {} closed; {} running, {} unacked reports kept", url, runner.size(), outbox.unackedCount());
      }
    }
  }

  // ---- incoming ----

  private void onFrame(WebSocket ws, Buffer frame) {
    watchdog.heard();
    List<WireMessage> messages;
    try {
      messages = WireMessage.readFrame(frame);
    } catch (IllegalArgumentException e) {
      log.warn("ignoring bad frame from coordinator: {}", e.getMessage());
      return;
    }
    for (WireMessage m : messages) {
      try {
        onMessage(ws, m);
      } catch (RuntimeException e) {
        log.warn("cannot handle message {}: {}", m.string("type"), e.toString());
      }
    }
  }

  /** Assignments and acknowledgements (nearly every message) are read from their fields; the rest as objects. */
  private void onMessage(WebSocket ws, WireMessage m) {
    String type = String.valueOf(m.string("type"));
    switch (type) {
      case "welcome" -> onWelcome(ws, m.toJson());
      case "assign" -> onAssign(JobAssignment.from(m::get));
      case "cancel" -> onCancel(m.toJson());
      case "ack" -> {
        if (outbox.ack(m.string("job_id"), m.get("attempt") instanceof Integer attempt ? attempt : -1)) {
          acked.incrementAndGet();
        }
        afterChange();
      }
      case "error" -> onError(m.toJson());
      default -> log.debug("ignoring message of type {}", type);
    }
  }

  private void onCancel(JsonObject m) {
    if (runner.cancel(m.getString("job_id"), m.getInteger("attempt"), m.getString("reason"))) {
      log.info("job {} attempt {} cancelled: {}", m.getString("job_id"), m.getInteger("attempt"), m.getString("reason"));
      afterChange();
    }
  }

  private void onWelcome(WebSocket ws, JsonObject m) {
    if (!connection.welcome(ws, m)) {
      return;
    }
    watchdog.startHeartbeat(ws, m.getLong("heartbeat_interval_ms", SessionWatchdog.DEFAULT_HEARTBEAT_MS));
    log.info("worker {} welcomed as {} by coordinator {}; re-sending {} unacked reports",
        options.name(), connection.workerId(), connection.coordinatorId(), outbox.unackedCount());
    outbox.requeueUnacked();
    if (draining) {
      outbox.addTransient(Reports.drain());
    }
    flush.schedule();
  }

  private void onAssign(JobAssignment job) {
    if (draining || stopped) {
      flush.report(Reports.fail(job.jobId(), job.attempt(), "worker draining", true));
      return;
    }
    runner.start(job);
    afterChange();
  }

  private void onError(JsonObject m) {
    String jobId = m.getString("job_id");
    if (jobId == null) {
      log.warn("coordinator error {}: {}", m.getString("code"), m.getString("message"));
      return;
    }
    List<JsonObject> dropped = outbox.reject(jobId, m.getInteger("attempt"));
    rejected.addAndGet(dropped.size());
    log.warn("coordinator rejected report(s) {} of job {} attempt {}: {} {}",
        dropped.stream().map(r -> r.getString("type")).toList(), jobId, m.getInteger("attempt"),
        m.getString("code"), m.getString("message"));
    afterChange();
  }

  // ---- stopping ----

  private void afterChange() {
    unacked.set(outbox.unackedCount());
    runningCount.set(runner.size());
    maybeFinishDrain();
  }

  private void maybeFinishDrain() {
    if (draining && !stopped && runner.size() == 0 && outbox.unackedCount() == 0) {
      finish("drained");
    }
  }

  private void finish(String why) {
    if (stopped) {
      return;
    }
    stopped = true;
    connection.stopping();
    log.info("worker {} stopping ({})", options.name(), why);
    runner.cancelAll("worker stopping");
    runningCount.set(0);
    watchdog.stopHeartbeat();
    connection.cancelReconnect();
    vertx.cancelTimer(drainTimer);
    connection.close().onComplete(ar -> stoppedPromise.tryComplete());
  }
}
