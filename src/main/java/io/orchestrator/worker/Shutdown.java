package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Draining and stopping: a draining worker takes no new jobs and stops once its running jobs have
 * ended and their reports are acked, or at the drain timeout; stopping cancels what still runs and
 * closes the connection. Confined to the runtime's context, but for the counts other threads read.
 */
final class Shutdown {
  // The runtime's logger: these lines kept their logger name when they moved out of WorkerRuntime.
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final Vertx vertx;
  private final WorkerOptions options;
  private final JobRunner runner;
  private final ReportOutbox outbox;
  private final CoordinatorConnection connection;
  private final SessionWatchdog watchdog;
  private final ReportFlush flush;
  private final Promise<Void> stoppedPromise = Promise.promise();
  private final AtomicInteger unacked = new AtomicInteger();
  private final AtomicInteger runningCount = new AtomicInteger();
  private boolean draining;
  private boolean stopped;
  private long drainTimer = -1;

  Shutdown(Vertx vertx, WorkerOptions options, JobRunner runner, ReportOutbox outbox,
           CoordinatorConnection connection, SessionWatchdog watchdog, ReportFlush flush) {
    this.vertx = vertx;
    this.options = options;
    this.runner = runner;
    this.outbox = outbox;
    this.connection = connection;
    this.watchdog = watchdog;
    this.flush = flush;
  }

  /** Begins draining (once): says {@code drain} to the coordinator and arms the drain timeout. */
  void drain() {
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
  }

  /** A job or report changed: the counts are mirrored for other threads, and a drain may be over. */
  void changed() {
    unacked.set(outbox.unackedCount());
    runningCount.set(runner.size());
    maybeFinishDrain();
  }

  void finish(String why) {
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

  boolean draining() { return draining; }
  boolean stopped() { return stopped; }
  /** Completes once stopped and the connection closed. */
  Future<Void> done() { return stoppedPromise.future(); }
  int unackedCount() { return unacked.get(); }
  int runningCount() { return runningCount.get(); }

  private void maybeFinishDrain() {
    if (draining && !stopped && runner.size() == 0 && outbox.unackedCount() == 0) {
      finish("drained");
    }
  }
}
