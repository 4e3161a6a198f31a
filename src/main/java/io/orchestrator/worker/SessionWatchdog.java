package io.orchestrator.worker;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Watches the session with a coordinator: a socket not welcomed in time is closed, and a welcomed
 * one is pinged and sent a heartbeat every interval until the coordinator has been silent too long.
 */
final class SessionWatchdog {
  // The runtime's logger: these lines kept their logger name when they moved out of WorkerRuntime.
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  static final long WELCOME_TIMEOUT_MS = 10_000;
  static final long DEFAULT_HEARTBEAT_MS = 10_000;
  static final int SILENCE_INTERVALS = 3;

  private final Vertx vertx;
  private final CoordinatorConnection connection;
  private final ReportFlush flush;
  private final JobRunner runner;
  private long heartbeatTimer = -1;
  /** When the coordinator last sent anything (a frame or a pong), in ms. */
  private volatile long heardAt;

  SessionWatchdog(Vertx vertx, CoordinatorConnection connection, ReportFlush flush, JobRunner runner) {
    this.vertx = vertx;
    this.connection = connection;
    this.flush = flush;
    this.runner = runner;
  }

  /** Closes {@code ws} (so the worker reconnects) if it is still current but not welcomed in time. */
  void expectWelcome(WebSocket ws, String url) {
    vertx.setTimer(WELCOME_TIMEOUT_MS, id -> {
      if (connection.isCurrent(ws) && !connection.isWelcomed()) {
        log.warn("no welcome from {} within {} ms; reconnecting", url, WELCOME_TIMEOUT_MS);
        ws.close();
      }
    });
  }

  /** The coordinator sent a frame: it is alive. */
  void heard() {
    heardAt = System.currentTimeMillis();
  }

  /** Starts the heartbeat of the welcomed socket {@code ws}, replacing the one before. */
  void startHeartbeat(WebSocket ws, long interval) {
    vertx.cancelTimer(heartbeatTimer);
    heardAt = System.currentTimeMillis();
    ws.pongHandler(pong -> heardAt = System.currentTimeMillis());
    heartbeatTimer = vertx.setPeriodic(Math.max(10, interval), id -> {
      if (connection.isCurrent(ws) && connection.isWelcomed()) {
        if (isSilent(System.currentTimeMillis(), heardAt, interval)) {
          log.warn("coordinator {} silent for {} heartbeat intervals; failing over", connection.coordinatorId(), SILENCE_INTERVALS);
          connection.drop(ws);
          return;
        }
        ws.writePing(Buffer.buffer("hb"));
        flush.send(ws, List.of(Reports.heartbeat(runner.runningJobIds())));
      }
    });
  }

  void stopHeartbeat() {
    vertx.cancelTimer(heartbeatTimer);
  }

  /**
   * A coordinator that answers nothing, not even pings, for three intervals is frozen (paused,
   * partitioned): fail over rather than wait for it while its jobs are reaped.
   */
  static boolean isSilent(long now, long heardAt, long interval) {
    return now - heardAt > SILENCE_INTERVALS * Math.max(10, interval);
  }
}
