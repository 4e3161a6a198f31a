package io.orchestrator.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.orchestrator.wire.TextFrames;
import io.orchestrator.wire.TextMessages;
import io.orchestrator.wire.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker: keeps a WebSocket to one of the coordinators (failing over between the URLs, with
 * backoff), runs assigned jobs through {@link JobRunner} and delivers their reports at least once
 * through {@link ReportOutbox}. All state lives on the context of an internal verticle, so the
 * runtime is single-threaded and several runtimes can share one Vertx.
 */
public final class WorkerRuntime {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  static final long WELCOME_TIMEOUT_MS = 10_000;
  static final long DEFAULT_HEARTBEAT_MS = 10_000;
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final WorkerOptions options;
  private final List<String> types;
  // A field on purpose: an unreferenced WebSocketClient is closed on GC (VERTX5-NOTES).
  private final WebSocketClient client;
  private final ReportOutbox outbox = new ReportOutbox();
  private final JobRunner runner;
  private final Backoff backoff = new Backoff(100, 5_000);
  private final Promise<Void> stoppedPromise = Promise.promise();

  private Context context;
  private String deploymentId;
  private WebSocket socket;
  private boolean welcomed;
  private boolean draining;
  private boolean stopped;
  private boolean flushScheduled;
  private int urlIndex;
  private long heartbeatTimer = -1;
  private static final int SILENCE_INTERVALS = 3;
  /** When the coordinator last sent anything (a frame or a pong), in ms. */
  private volatile long heardAt;
  private long reconnectTimer = -1;
  private long drainTimer = -1;

  private volatile String workerId;
  private volatile String coordinatorId;
  private volatile boolean connected;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicInteger unacked = new AtomicInteger();
  private final AtomicInteger runningCount = new AtomicInteger();

  public WorkerRuntime(Vertx vertx, WorkerOptions options, HandlerRegistry registry) {
    if (options.urls().isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one coordinator URL");
    }
    this.vertx = vertx;
    this.options = options;
    this.types = options.types().isEmpty() ? registry.types() : options.types();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        // Outgoing messages are cut into frames of the default 64 KiB, which any server accepts.
        .setConnectTimeout(5_000).setMaxMessageSize(MAX_MESSAGE_BYTES));
    this.runner = new JobRunner(vertx, registry, options.concurrency(), this::report, this::progress);
  }

  /** Deploys the runtime and begins connecting; completes once started, not once connected. */
  public Future<Void> start() {
    return vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        WorkerRuntime.this.context = context;
        connect();
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
      if (welcomed) {
        outbox.addTransient(Reports.drain());
        scheduleFlush();
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

  public String workerId() { return workerId; }
  public String coordinatorId() { return coordinatorId; }
  public String name() { return options.name(); }
  public boolean isConnected() { return connected; }
  public long completedCount() { return completed.get(); }
  public long failedCount() { return failed.get(); }
  public long ackedCount() { return acked.get(); }
  public long rejectedCount() { return rejected.get(); }
  public long connectionCount() { return connections.get(); }
  public int unackedCount() { return unacked.get(); }
  public int runningCount() { return runningCount.get(); }

  // ---- connection ----

  private void connect() {
    reconnectTimer = -1;
    if (stopped) {
      return;
    }
    String url = options.urls().get(urlIndex % options.urls().size());
    URI uri = URI.create(url);
    boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    WebSocketConnectOptions connect = new WebSocketConnectOptions()
        .setHost(uri.getHost()).setPort(port).setURI(path).setSsl(tls);
    if (options.token() != null) {
      connect.putHeader("Authorization", "Bearer " + options.token());
    }
    client.connect(connect).onComplete(ar -> {
      if (ar.succeeded()) {
        onConnected(ar.result(), url);
      } else {
        log.info("cannot connect to {}: {}", url, ar.cause().getMessage());
        urlIndex++; // fail over to the next coordinator
        scheduleReconnect();
      }
    });
  }

  private void onConnected(WebSocket ws, String url) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    socketUrl = url;
    connections.incrementAndGet();
    ws.frameHandler(new TextMessages(MAX_MESSAGE_BYTES, frame -> onFrame(ws, frame),
        why -> log.warn("ignoring a message from the coordinator: {}", why)));
    ws.exceptionHandler(e -> log.warn("connection to {} failed: {}", url, e.getMessage()));
    ws.closeHandler(v -> onClosed(ws, url));
    send(ws, List.of(Reports.hello(options.name(), options.queues(), types, options.concurrency(), workerId)));
    vertx.setTimer(WELCOME_TIMEOUT_MS, id -> {
      if (socket == ws && !welcomed) {
        log.warn("no welcome from {} within {} ms; reconnecting", url, WELCOME_TIMEOUT_MS);
        ws.close();
      }
    });
  }

  /** The URL of the current socket (for logs and reconnecting). */
  private String socketUrl;

  private void onClosed(WebSocket ws, String url) {
    if (socket != ws) {
      return;
    }
    boolean wasWelcomed = welcomed;
    socket = null;
    welcomed = false;
    connected = false;
    vertx.cancelTimer(heartbeatTimer);
    outbox.clearPending();
    if (stopped) {
      return;
    }
    log.info("connection to {} closed; {} running, {} unacked reports kept", url, runner.size(), outbox.unackedCount());
    if (!wasWelcomed) {
      urlIndex++; // closed before the session began: try another coordinator
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer != -1) {
      return;
    }
    reconnectTimer = vertx.setTimer(backoff.nextDelayMs(), id -> connect());
  }

  // ---- incoming ----

  private void onFrame(WebSocket ws, Buffer frame) {
    heardAt = System.currentTimeMillis();
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
    if (socket != ws) {
      return;
    }
    workerId = m.getString("worker_id", workerId);
    coordinatorId = m.getString("coordinator_id");
    welcomed = true;
    connected = true;
    backoff.reset();
    long interval = m.getLong("heartbeat_interval_ms", DEFAULT_HEARTBEAT_MS);
    vertx.cancelTimer(heartbeatTimer);
    heardAt = System.currentTimeMillis();
    ws.pongHandler(pong -> heardAt = System.currentTimeMillis());
    heartbeatTimer = vertx.setPeriodic(Math.max(10, interval), id -> {
      if (socket == ws && welcomed) {
        // A coordinator that answers nothing, not even pings, for three intervals is frozen
        // (paused, partitioned): fail over rather than wait for it while its jobs are reaped.
        if (System.currentTimeMillis() - heardAt > SILENCE_INTERVALS * Math.max(10, interval)) {
          log.warn("coordinator {} silent for {} heartbeat intervals; failing over", coordinatorId, SILENCE_INTERVALS);
          ws.close();
          onClosed(ws, socketUrl);
          return;
        }
        ws.writePing(io.vertx.core.buffer.Buffer.buffer("hb"));
        send(ws, List.of(Reports.heartbeat(runner.runningJobIds())));
      }
    });
    log.info("worker {} welcomed as {} by coordinator {}; re-sending {} unacked reports",
        options.name(), workerId, coordinatorId, outbox.unackedCount());
    outbox.requeueUnacked();
    if (draining) {
      outbox.addTransient(Reports.drain());
    }
    scheduleFlush();
  }

  private void onAssign(JobAssignment job) {
    if (draining || stopped) {
      report(Reports.fail(job.jobId(), job.attempt(), "worker draining", true));
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

  // ---- outgoing ----

  private void report(JsonObject report) {
    if ("complete".equals(report.getString("type"))) {
      completed.incrementAndGet();
    } else {
      failed.incrementAndGet();
    }
    outbox.addReport(report);
    afterChange();
    scheduleFlush();
  }

  private void progress(JobAssignment job, int percent, String message) {
    if (Vertx.currentContext() != context) { // a handler may report from a blocking thread
      context.runOnContext(v -> progress(job, percent, message));
      return;
    }
    if (welcomed) {
      outbox.addTransient(Reports.progress(job.workflowId(), job.jobId(), job.attempt(), percent, message));
      scheduleFlush();
    }
  }

  /** Reports made in one event-loop turn leave together, as one array frame. */
  private void scheduleFlush() {
    if (!flushScheduled && context != null) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (socket == null || !welcomed) {
      outbox.clearPending(); // unacked reports go out again after the next welcome
      return;
    }
    if (outbox.hasPending()) {
      send(socket, outbox.takePending());
    }
  }

  private void send(WebSocket ws, List<JsonObject> messages) {
    for (Buffer frame : Frames.encode(messages)) {
      // The client's frame size is the default 64 KiB (see the constructor).
      Future<Void> written = TextFrames.send(ws, frame, WebSocketClientOptions.DEFAULT_MAX_FRAME_SIZE);
      written.onFailure(e -> {
        log.info("send failed ({}); will re-send after reconnect", e.getMessage());
        // A socket can die without its close handler firing (seen when the coordinator vanished
        // mid-handshake): a failed write on the current socket counts as its close.
        if (socket == ws) {
          ws.close();
          onClosed(ws, socketUrl);
        }
      });
    }
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
    connected = false;
    log.info("worker {} stopping ({})", options.name(), why);
    runner.cancelAll("worker stopping");
    runningCount.set(0);
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(reconnectTimer);
    vertx.cancelTimer(drainTimer);
    WebSocket ws = socket;
    socket = null;
    Future<Void> closed = ws == null ? Future.succeededFuture() : ws.close().recover(e -> Future.succeededFuture());
    closed.eventually(client::close).onComplete(ar -> stoppedPromise.tryComplete());
  }
}
