package io.orchestrator.worker;

import io.orchestrator.wire.TextMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The WebSocket to a coordinator: connects to one of the URLs, fails over to the next when a connect
 * fails or a socket closes before its welcome, and reconnects with backoff. Holds the current socket
 * and whether, and as whom, the coordinator welcomed it. Confined to the runtime's context.
 */
final class CoordinatorConnection {
  // The runtime's logger: these lines kept their logger name when they moved out of WorkerRuntime.
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** What the rest of the runtime does with a socket: greet it, read it, forget it. */
  interface Events {
    /** A socket is connected and current: say hello. */
    void opened(WebSocket ws, String url);
    /** A whole message (one frame, or reassembled fragments) arrived on the socket. */
    void frame(WebSocket ws, Buffer frame);
    /** The current socket is gone; called before a reconnect is scheduled. */
    void lost(String url);
  }

  private final Vertx vertx;
  private final WorkerOptions options;
  private final BooleanSupplier stopped;
  private final Events events;
  // A field on purpose: an unreferenced WebSocketClient is closed on GC (VERTX5-NOTES).
  private final WebSocketClient client;
  private final Backoff backoff = new Backoff(100, 5_000);
  private final AtomicLong connections = new AtomicLong();

  private WebSocket socket;
  /** The URL of the current socket (for logs and reconnecting). */
  private String socketUrl;
  private boolean welcomed;
  private int urlIndex;
  private long reconnectTimer = -1;
  private volatile String workerId;
  private volatile String coordinatorId;
  private volatile boolean connected;

  CoordinatorConnection(Vertx vertx, WorkerOptions options, BooleanSupplier stopped, Events events) {
    this.vertx = vertx;
    this.options = options;
    this.stopped = stopped;
    this.events = events;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        // Outgoing messages are cut into frames of the default 64 KiB, which any server accepts.
        .setConnectTimeout(5_000).setMaxMessageSize(MAX_MESSAGE_BYTES));
  }

  void connect() {
    reconnectTimer = -1;
    if (stopped.getAsBoolean()) {
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

  /** The coordinator welcomed {@code ws}, the session begins; false when it is no longer current. */
  boolean welcome(WebSocket ws, JsonObject welcome) {
    if (socket != ws) {
      return false;
    }
    workerId = welcome.getString("worker_id", workerId);
    coordinatorId = welcome.getString("coordinator_id");
    welcomed = true;
    connected = true;
    backoff.reset();
    return true;
  }

  /**
   * Closes {@code ws} and handles it as closed now, if it is still the current socket: its close
   * handler may never fire (a failed write, a silent coordinator).
   */
  void drop(WebSocket ws) {
    if (socket == ws) {
      ws.close();
      onClosed(ws, socketUrl);
    }
  }

  void cancelReconnect() {
    vertx.cancelTimer(reconnectTimer);
  }

  /** Stopping: closes the current socket, then the client. */
  Future<Void> close() {
    WebSocket ws = socket;
    socket = null;
    Future<Void> closed = ws == null ? Future.succeededFuture() : ws.close().recover(e -> Future.succeededFuture());
    return closed.eventually(client::close);
  }

  /** The worker is stopping: it counts as disconnected at once, before its socket has closed. */
  void stopping() {
    connected = false;
  }

  WebSocket socket() { return socket; }
  boolean isCurrent(WebSocket ws) { return socket == ws; }
  boolean isWelcomed() { return welcomed; }
  String workerId() { return workerId; }
  String coordinatorId() { return coordinatorId; }
  /** Welcomed and not closed since; read from any thread. */
  boolean isConnected() { return connected; }
  long connectionCount() { return connections.get(); }

  private void onConnected(WebSocket ws, String url) {
    if (stopped.getAsBoolean()) {
      ws.close();
      return;
    }
    socket = ws;
    socketUrl = url;
    connections.incrementAndGet();
    ws.frameHandler(new TextMessages(MAX_MESSAGE_BYTES, frame -> events.frame(ws, frame),
        why -> log.warn("ignoring a message from the coordinator: {}", why)));
    ws.exceptionHandler(e -> log.warn("connection to {} failed: {}", url, e.getMessage()));
    ws.closeHandler(v -> onClosed(ws, url));
    events.opened(ws, url);
  }

  private void onClosed(WebSocket ws, String url) {
    if (socket != ws) {
      return;
    }
    boolean wasWelcomed = welcomed;
    socket = null;
    welcomed = false;
    connected = false;
    events.lost(url);
    if (stopped.getAsBoolean()) {
      return;
    }
    if (!wasWelcomed) {
      urlIndex++; // closed before the session began: try another coordinator
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopped.getAsBoolean() || reconnectTimer != -1) {
      return;
    }
    reconnectTimer = vertx.setTimer(backoff.nextDelayMs(), id -> connect());
  }
}
