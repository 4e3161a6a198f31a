package io.orchestrator.worker;

import io.orchestrator.wire.WireMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the coordinator sends: reads each frame into messages and handles them (welcome, assign,
 * cancel, ack, error). Confined to the runtime's context.
 */
final class CoordinatorMessages {
  // The runtime's logger: these lines kept their logger name when they moved out of WorkerRuntime.
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final String workerName;
  private final CoordinatorConnection connection;
  private final SessionWatchdog watchdog;
  private final ReportFlush flush;
  private final ReportOutbox outbox;
  private final JobRunner runner;
  private final Shutdown shutdown;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  CoordinatorMessages(String workerName, CoordinatorConnection connection, SessionWatchdog watchdog,
                      ReportFlush flush, ReportOutbox outbox, JobRunner runner, Shutdown shutdown) {
    this.workerName = workerName;
    this.connection = connection;
    this.watchdog = watchdog;
    this.flush = flush;
    this.outbox = outbox;
    this.runner = runner;
    this.shutdown = shutdown;
  }

  void onFrame(WebSocket ws, Buffer frame) {
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

  long ackedCount() { return acked.get(); }
  long rejectedCount() { return rejected.get(); }

  /** Assignments and acknowledgements (nearly every message) are read from their fields; the rest as objects. */
  private void onMessage(WebSocket ws, WireMessage m) {
    String type = String.valueOf(m.string("type"));
    switch (type) {
      case "welcome" -> onWelcome(ws, m.toJson());
      case "assign" -> onAssign(JobAssignment.from(m));
      case "cancel" -> onCancel(m.toJson());
      case "ack" -> {
        if (outbox.ack(m.string("job_id"), m.get("attempt") instanceof Integer attempt ? attempt : -1)) {
          acked.incrementAndGet();
        }
        shutdown.changed();
      }
      case "error" -> onError(m.toJson());
      default -> log.debug("ignoring message of type {}", type);
    }
  }

  private void onCancel(JsonObject m) {
    if (runner.cancel(m.getString("job_id"), m.getInteger("attempt"), m.getString("reason"))) {
      log.info("job {} attempt {} cancelled: {}", m.getString("job_id"), m.getInteger("attempt"), m.getString("reason"));
      shutdown.changed();
    }
  }

  private void onWelcome(WebSocket ws, JsonObject m) {
    if (!connection.welcome(ws, m)) {
      return;
    }
    watchdog.startHeartbeat(ws, m.getLong("heartbeat_interval_ms", SessionWatchdog.DEFAULT_HEARTBEAT_MS));
    log.info("worker {} welcomed as {} by coordinator {}; re-sending {} unacked reports",
        workerName, connection.workerId(), connection.coordinatorId(), outbox.unackedCount());
    outbox.requeueUnacked();
    if (shutdown.draining()) {
      outbox.addTransient(Reports.drain());
    }
    flush.schedule();
  }

  private void onAssign(JobAssignment job) {
    if (shutdown.draining() || shutdown.stopped()) {
      flush.report(Reports.fail(job.jobId(), job.attempt(), "worker draining", true));
      return;
    }
    runner.start(job);
    shutdown.changed();
  }

  private void onError(JsonObject m) {
    String jobId = m.getString("job_id");
    if (jobId == null) {
      log.warn("coordinator error {}: {}", m.getString("code"), m.getString("message"));
      return;
    }
    List<Outgoing> dropped = outbox.reject(jobId, m.getInteger("attempt"));
    rejected.addAndGet(dropped.size());
    log.warn("coordinator rejected report(s) {} of job {} attempt {}: {} {}",
        dropped.stream().map(Outgoing::type).toList(), jobId, m.getInteger("attempt"),
        m.getString("code"), m.getString("message"));
    shutdown.changed();
  }
}
