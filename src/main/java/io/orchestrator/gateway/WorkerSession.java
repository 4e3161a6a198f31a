package io.orchestrator.gateway;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.LocalJson;
import io.orchestrator.coordinator.Services;
import io.orchestrator.coordinator.WorkerReports;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Times;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.WorkerRecord;
import io.orchestrator.wire.TextFrames;
import io.orchestrator.wire.TextMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's WebSocket connection: the worker protocol of API.md. Receives frames (one message
 * or an array), forwards reports to the scheduler and answers {@code ack} once they are durable,
 * and writes what the scheduler sends to this worker's own event-bus address. A bad message is
 * answered with {@code error}; the session stays up.
 */
public final class WorkerSession {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerSession.class);
  private static final int MAX_CONCURRENCY = 10_000;
  /** The largest WebSocket frame the coordinator's server accepts and sends whole (a larger message is split). */
  public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
  /** The largest message (a frame and its continuations) the coordinator accepts from a worker. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Vertx vertx;
  private final Services services;
  /** The addresses of the scheduler on this session's event loop. */
  private final Addresses.Shard scheduler;
  private final ServerWebSocket socket;
  private final String sessionId = Ids.next().toString();
  private String workerId;
  private WorkerRecord record;
  private MessageConsumer<JsonObject> inbox;
  private boolean drained;
  private boolean replaced;
  private boolean closed;

  public WorkerSession(Vertx vertx, Services services, Addresses.Shard scheduler, ServerWebSocket socket) {
    this.vertx = vertx;
    this.services = services;
    this.scheduler = scheduler;
    this.socket = socket;
  }

  public void start() {
    socket.frameHandler(new TextMessages(MAX_MESSAGE_BYTES, this::onFrame,
        why -> send(new ProtocolError(ProtocolError.BAD_FRAME, why, null).toFrame())));
    socket.exceptionHandler(e -> LOG.debug("Worker socket error ({}): {}", workerId, e.toString()));
    socket.closeHandler(v -> onClose());
  }

  private void onFrame(Buffer frame) {
    List<IncomingMessage> messages;
    try {
      messages = IncomingMessage.readFrame(frame);
    } catch (ProtocolError e) {
      send(e.toFrame());
      return;
    }
    List<Report> reports = new ArrayList<>(messages.size());
    List<JsonObject> answers = new ArrayList<>();
    for (IncomingMessage message : messages) {
      try {
        handle(message, reports);
      } catch (ProtocolError e) {
        answers.add(e.toFrame());
      }
    }
    sendAll(new JsonArray(answers));
    if (!reports.isEmpty()) {
      forwardReports(reports);
    }
  }

  private void handle(IncomingMessage message, List<Report> reports) {
    String type = message.type();
    if (!"hello".equals(type) && workerId == null) {
      throw new ProtocolError(ProtocolError.HELLO_REQUIRED, "send 'hello' first", message);
    }
    switch (type) {
      case "hello" -> hello(message.toJson());
      case "complete", "fail" -> reports.add(message.report(workerId));
      case "progress" -> {
        message.attemptJobId();
        progress(message.toJson());
      }
      case "heartbeat" -> heartbeat(message.toJson());
      case "drain" -> {
        drained = true;
        vertx.eventBus().send(scheduler.draining(), new JsonObject().put("worker_id", workerId));
      }
      default -> throw new ProtocolError(ProtocolError.UNKNOWN_TYPE, "unknown message type '" + type + "'", message);
    }
  }

  private void progress(JsonObject message) {
    services.feed().publish(new JsonArray().add(new JsonObject().put("kind", "progress")
        .put("workflow_id", message.getValue("workflow_id")).put("job_id", message.getString("job_id"))
        .put("attempt", message.getInteger("attempt")).put("percent", message.getValue("percent"))
        .put("message", message.getValue("message")).put("worker_id", workerId)
        .put("at", Times.format(Instant.now()))));
  }

  private void hello(JsonObject hello) {
    if (workerId != null) {
      throw new ProtocolError(ProtocolError.ALREADY_REGISTERED, "this session already said hello", null);
    }
    List<String> queues = Messages.stringList(hello, "queues", List.of("default"));
    List<String> types = Messages.stringList(hello, "types", List.of());
    Object concurrency = hello.getValue("concurrency", 1);
    if (!(concurrency instanceof Integer n) || n < 1 || n > MAX_CONCURRENCY) {
      throw ProtocolError.field("'concurrency' must be an integer from 1 to " + MAX_CONCURRENCY, null);
    }
    if (queues.isEmpty()) {
      throw ProtocolError.field("'queues' must not be empty", null);
    }
    Object resume = hello.getValue("worker_id");
    if (resume != null && !(resume instanceof String text && Messages.isUuid(text))) {
      throw ProtocolError.field("'worker_id' must be a UUID given by an earlier welcome", null);
    }
    Object name = hello.getValue("name");
    workerId = resume != null ? (String) resume : Ids.next().toString();
    Instant now = Instant.now();
    record = new WorkerRecord(workerId, name instanceof String text ? text : "worker-" + workerId.substring(0, 8),
        queues, types, (Integer) concurrency, services.coordinatorId(), now, now, List.of());
    String id = workerId;
    // A resumed identity may still have an old session here: close it without reaping its jobs.
    vertx.eventBus().request(Addresses.session(id), new JsonObject().put("replace", sessionId))
        .recover(e -> Future.succeededFuture())
        .compose(v -> register(id))
        .onSuccess(v -> LOG.info("Worker {} ({}) connected: queues {}, types {}, concurrency {}",
            id, record.name(), queues, types.isEmpty() ? "any" : types, concurrency))
        .onFailure(e -> {
          LOG.warn("Registering worker {} failed: {}", id, e.toString());
          send(new ProtocolError(ProtocolError.UNAVAILABLE, "registration failed: " + e.getMessage(), null).toFrame());
          socket.close((short) 1011, "registration failed");
        });
  }

  private Future<Void> register(String id) {
    inbox = vertx.eventBus().consumer(Addresses.session(id), m -> {
      JsonObject body = m.body();
      if (body.containsKey("replace")) {
        replaced = true;
        // This event loop's scheduler forgets the worker; the new session's scheduler adopts its jobs.
        vertx.eventBus().send(scheduler.replaced(), new JsonObject().put("worker_id", workerId).put("session_id", sessionId));
        inbox.unregister().onComplete(ar -> m.reply(null));
        socket.close((short) 4000, "replaced by a newer session");
      } else if (body.getBoolean("close", false)) {
        socket.close((short) 4001, body.getString("reason", "closed by coordinator"));
      } else if (body.containsKey(Addresses.FRAME)) {
        sendFrame(body.getBuffer(Addresses.FRAME));
      } else {
        sendAll(body.getJsonArray("messages"));
      }
    });
    return inbox.completion().compose(v -> {
      send(new JsonObject().put("type", "welcome").put("worker_id", id)
          .put("heartbeat_interval_ms", services.settings().heartbeatInterval().toMillis())
          .put("coordinator_id", services.coordinatorId()));
      services.metrics().workerConnected(1);
      return Future.all(services.store().saveWorker(record),
          services.presence().beat(id, services.settings().heartbeatTtl()));
    }).compose(v -> vertx.eventBus().request(scheduler.joined(), new JsonObject()
        .put("worker_id", id).put("session_id", sessionId)
        .put("queues", new JsonArray(record.queues())).put("types", new JsonArray(record.types()))
        .put("concurrency", record.concurrency()))).mapEmpty();
  }

  private void heartbeat(JsonObject message) {
    record = new WorkerRecord(record.id(), record.name(), record.queues(), record.types(), record.concurrency(),
        record.coordinatorId(), record.connectedAt(), Instant.now(), List.of());
    Future.all(services.presence().beat(workerId, services.settings().heartbeatTtl()), services.store().saveWorker(record))
        .onFailure(e -> LOG.warn("Recording the heartbeat of worker {} failed: {}", workerId, e.toString()));
    Object running = message.getValue("running");
    if (running instanceof JsonArray list) {
      vertx.eventBus().send(scheduler.heartbeat(), new JsonObject().put("worker_id", workerId)
          .put("session_id", sessionId).put("running", list), LocalJson.DELIVERY);
    }
  }

  private void forwardReports(List<Report> reports) {
    WorkerReports request = new WorkerReports(workerId, reports);
    vertx.eventBus().<JsonObject>request(scheduler.reports(), request, WorkerReports.DELIVERY).onComplete(ar -> {
      if (ar.failed()) {
        // Not acknowledged: the worker keeps the reports and sends them again after a reconnect.
        LOG.warn("Reports of worker {} were not recorded: {}", workerId, ar.cause().toString());
        return;
      }
      sendFrame(ar.result().body().getBuffer(Addresses.FRAME));
    });
  }

  private void onClose() {
    closed = true;
    if (workerId == null) {
      return;
    }
    services.metrics().workerConnected(-1);
    if (inbox != null) {
      inbox.unregister();
    }
    if (!replaced) {
      LOG.info("Worker {} disconnected ({})", workerId, drained ? "drained" : "without drain");
      vertx.eventBus().publish(Addresses.WORKER_LEFT, new JsonObject()
          .put("worker_id", workerId).put("session_id", sessionId).put("drained", drained));
    }
  }

  private void send(JsonObject message) {
    if (!closed) {
      socket.writeTextMessage(message.encode());
    }
  }

  /** A frame the scheduler wrote already (assignments, acknowledgements), as UTF-8 bytes: sent as they are. */
  private void sendFrame(Buffer frame) {
    if (!closed) {
      TextFrames.send(socket, frame, MAX_FRAME_BYTES);
    }
  }

  /** One message as an object, several as one array frame. */
  private void sendAll(JsonArray messages) {
    if (closed || messages.isEmpty()) {
      return;
    }
    socket.writeTextMessage(messages.size() == 1 ? messages.getJsonObject(0).encode() : messages.encode());
  }
}
