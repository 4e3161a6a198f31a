package io.orchestrator.worker;

import io.orchestrator.wire.WireMessage;
import io.vertx.core.buffer.Buffer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny coordinator for tests: accepts worker sockets on 127.0.0.1 (random port), welcomes them,
 * acks reports when {@link #autoAck} is on, and records every message (arrays flattened) and frame.
 */
final class FakeCoordinator {
  final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
  final List<String> frames = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger connections = new AtomicInteger();
  volatile boolean autoAck = true;
  volatile long heartbeatMs = 50;
  private final Vertx vertx;
  private final String coordinatorId;
  private HttpServer server;
  private volatile ServerWebSocket current;
  private volatile Context currentContext;

  FakeCoordinator(Vertx vertx, String coordinatorId) {
    this.vertx = vertx;
    this.coordinatorId = coordinatorId;
  }

  FakeCoordinator start() throws Exception {
    server = Await.result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(this::accept).listen());
    return this;
  }

  String url() {
    return "ws://127.0.0.1:" + server.actualPort();
  }

  /** Closes the listening socket and the current session: the coordinator is "down". */
  void stop() throws Exception {
    closeCurrent();
    Await.result(server.close());
  }

  void closeCurrent() throws Exception {
    ServerWebSocket ws = current;
    if (ws != null) {
      Await.result(onContext(() -> ws.close()));
    }
  }

  void send(JsonObject message) throws Exception {
    sendFrame(message.encode());
  }

  void send(JsonArray messages) throws Exception {
    sendFrame(messages.encode());
  }

  private void sendFrame(String frame) throws Exception {
    Await.until("a worker connection", () -> current != null);
    ServerWebSocket ws = current;
    Await.result(onContext(() -> ws.writeTextMessage(frame)));
  }

  /** Removes and returns the first received message of this type, waiting for it (bounded). */
  JsonObject take(String type) throws InterruptedException {
    JsonObject[] found = new JsonObject[1];
    Await.until("a '" + type + "' message at " + coordinatorId, () -> {
      synchronized (received) {
        Iterator<JsonObject> it = received.iterator();
        while (it.hasNext()) {
          JsonObject m = it.next();
          if (type.equals(m.getString("type"))) {
            it.remove();
            found[0] = m;
            return true;
          }
        }
        return false;
      }
    });
    return found[0];
  }

  long count(String type, String jobId) {
    synchronized (received) {
      return received.stream().filter(m -> type.equals(m.getString("type")) && jobId.equals(m.getString("job_id"))).count();
    }
  }

  static JsonObject assign(String jobId, int attempt, String jobType, JsonObject payload) {
    return new JsonObject().put("type", "assign").put("job_id", jobId).put("workflow_id", "wf")
        .put("job_name", "step-" + jobId).put("attempt", attempt).put("job_type", jobType)
        .put("payload", payload).put("inputs", new JsonObject()).put("timeout_ms", 0);
  }

  private void accept(ServerWebSocket ws) {
    if (!WorkerOptions.CONNECT_PATH.equals(ws.path())) {
      ws.close((short) 1008, "wrong path " + ws.path());
      return;
    }
    authorizations.add(String.valueOf(ws.headers().get("Authorization")));
    connections.incrementAndGet();
    current = ws;
    currentContext = Vertx.currentContext();
    ws.closeHandler(v -> {
      if (current == ws) {
        current = null;
      }
    });
    ws.textMessageHandler(frame -> {
      frames.add(frame);
      for (JsonObject m : decode(frame)) {
        received.add(m);
        onMessage(ws, m);
      }
    });
  }

  /** A frame's messages as objects. */
  static List<JsonObject> decode(String frame) {
    return WireMessage.readFrame(Buffer.buffer(frame)).stream().map(WireMessage::toJson).toList();
  }

  private void onMessage(ServerWebSocket ws, JsonObject m) {
    switch (m.getString("type")) {
      case "hello" -> ws.writeTextMessage(new JsonObject().put("type", "welcome")
          .put("worker_id", m.getString("worker_id", "w-1")).put("heartbeat_interval_ms", heartbeatMs)
          .put("coordinator_id", coordinatorId).encode());
      case "complete", "fail" -> {
        if (autoAck) {
          ws.writeTextMessage(new JsonObject().put("type", "ack").put("job_id", m.getString("job_id"))
              .put("attempt", m.getInteger("attempt")).encode());
        }
      }
      default -> { }
    }
  }

  private Future<Void> onContext(java.util.function.Supplier<Future<Void>> action) {
    Context ctx = currentContext;
    return Future.future(p -> ctx.runOnContext(v -> action.get().onComplete(p)));
  }
}
