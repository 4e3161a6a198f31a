package io.orchestrator.worker;

import io.orchestrator.wire.TextFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The outgoing side: the runner's reports and progress go into the {@link ReportOutbox}, and what
 * is pending leaves once per event-loop turn on the welcomed socket, encoded by {@link Frames}.
 */
final class ReportFlush {
  // The runtime's logger: these lines kept their logger name when they moved out of WorkerRuntime.
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final ReportOutbox outbox;
  private final CoordinatorConnection connection;
  /** The runtime's context, null until it is deployed. */
  private final Supplier<Context> context;
  /** After the outbox changed: the runtime mirrors its counts and may finish draining. */
  private final Runnable changed;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private boolean flushScheduled;

  ReportFlush(ReportOutbox outbox, CoordinatorConnection connection, Supplier<Context> context, Runnable changed) {
    this.outbox = outbox;
    this.connection = connection;
    this.context = context;
    this.changed = changed;
  }

  /** A terminal report (complete or fail): counted, kept until acked, and sent. */
  void report(Outgoing report) {
    if ("complete".equals(report.type())) {
      completed.incrementAndGet();
    } else {
      failed.incrementAndGet();
    }
    outbox.addReport(report);
    changed.run();
    schedule();
  }

  void progress(JobAssignment job, int percent, String message) {
    if (Vertx.currentContext() != context.get()) { // a handler may report from a blocking thread
      context.get().runOnContext(v -> progress(job, percent, message));
      return;
    }
    if (connection.isWelcomed()) {
      outbox.addTransient(Reports.progress(job.workflowId(), job.jobId(), job.attempt(), percent, message));
      schedule();
    }
  }

  /** Reports made in one event-loop turn leave together, as one array frame. */
  void schedule() {
    if (!flushScheduled && context.get() != null) {
      flushScheduled = true;
      context.get().runOnContext(v -> flush());
    }
  }

  void send(WebSocket ws, List<Outgoing> messages) {
    for (Buffer frame : Frames.encode(messages)) {
      // The client's frame size is the default 64 KiB (see CoordinatorConnection's constructor).
      Future<Void> written = TextFrames.send(ws, frame, WebSocketClientOptions.DEFAULT_MAX_FRAME_SIZE);
      written.onFailure(e -> {
        log.info("send failed ({}); will re-send after reconnect", e.getMessage());
        // A socket can die without its close handler firing (seen when the coordinator vanished
        // mid-handshake): a failed write on the current socket counts as its close.
        connection.drop(ws);
      });
    }
  }

  long completedCount() { return completed.get(); }
  long failedCount() { return failed.get(); }

  private void flush() {
    flushScheduled = false;
    WebSocket socket = connection.socket();
    if (socket == null || !connection.isWelcomed()) {
      outbox.clearPending(); // unacked reports go out again after the next welcome
      return;
    }
    if (outbox.hasPending()) {
      send(socket, outbox.takePending());
    }
  }
}
