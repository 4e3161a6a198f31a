package io.orchestrator.scheduling;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.LocalJson;
import io.orchestrator.coordinator.EffectsApplier;
import io.orchestrator.coordinator.Services;
import io.orchestrator.coordinator.WorkerReports;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.QueueHead;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.RunningAttempt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ready jobs into assignments for the workers whose sessions share its event loop: claims
 * from the queue, matches to free capacity, records the start, pushes {@code assign}. Also the
 * group commit of those workers' reports and the deadlines of the attempts it started.
 *
 * <p>One per HTTP API event loop, started by that loop's {@code HttpApiVerticle}: a worker's
 * session and its scheduler run on one thread, so a report and the assignments it frees pass no
 * thread hand-off (docs/architecture.md, "One scheduler per event loop"). Schedulers share the
 * queue and the store like the schedulers of several coordinators do.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long TICK_MS = 100;
  private static final long SAFETY_WAKE_MS = 1000;

  private final Vertx vertx;
  private final Services services;
  private final Addresses.Shard shard;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final Map<String, WorkerSlot> workers = new LinkedHashMap<>();
  private final DeadlineWheel deadlines = new DeadlineWheel();
  private EffectsApplier effects;
  private ReportBatcher batcher;
  private Dispatcher dispatcher;

  public Scheduler(Vertx vertx, Services services, Addresses.Shard shard) {
    this.vertx = vertx;
    this.services = services;
    this.shard = shard;
  }

  /** Listens and ticks on the caller's context (the HTTP API verticle's event loop). */
  public Future<Void> start() {
    effects = new EffectsApplier(vertx.eventBus(), services);
    batcher = new ReportBatcher(vertx, services.store(), this::offers, this::committed);
    dispatcher = new Dispatcher(vertx, services, workers, this::started, this::lost);
    var bus = vertx.eventBus();
    List<Future<?>> ready = new ArrayList<>();
    consumers.add(bus.consumer(Addresses.WAKE, m -> dispatcher.wake()));
    consumers.add(bus.<JsonObject>consumer(shard.joined(), this::joined));
    consumers.add(bus.<JsonObject>consumer(Addresses.WORKER_LEFT, m -> left(m.body())));
    consumers.add(bus.<JsonObject>consumer(shard.replaced(), m -> replaced(m.body())));
    consumers.add(bus.<JsonObject>consumer(shard.draining(), m -> draining(m.body())));
    consumers.add(bus.<WorkerReports>consumer(shard.reports(), this::reports));
    consumers.add(bus.<JsonObject>consumer(shard.heartbeat(), m -> heartbeat(m.body())));
    consumers.add(bus.<JsonObject>consumer(Addresses.CANCELS, m -> cancels(m.body())));
    consumers.forEach(c -> ready.add(c.completion()));
    timers.add(vertx.setPeriodic(TICK_MS, id -> expireDeadlines()));
    timers.add(vertx.setPeriodic(SAFETY_WAKE_MS, id -> dispatcher.wake()));
    return Future.all(ready).mapEmpty();
  }

  /**
   * Stops listening and ticking, before the sessions close: a stopping coordinator does not reap its
   * own workers, which fail over to another coordinator and resume their running jobs there.
   */
  public Future<Void> stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    return Future.join(done).mapEmpty();
  }

  private void joined(Message<JsonObject> message) {
    JsonObject hello = message.body();
    String id = hello.getString("worker_id");
    WorkerSlot slot = new WorkerSlot(id, hello.getString("session_id"),
        hello.getJsonArray("queues").getList(),
        new HashSet<>(hello.getJsonArray("types", new JsonArray()).getList()),
        hello.getInteger("concurrency"));
    workers.put(id, slot);
    // A worker that resumes its identity keeps the attempts the store says it runs.
    services.store().runningOn(id).onComplete(ar -> {
      if (ar.succeeded()) {
        for (RunningAttempt attempt : ar.result()) {
          slot.run(attempt.jobId(), attempt.attempt(), System.currentTimeMillis());
          deadlines.add(new DeadlineWheel.Deadline(attempt.jobId(), attempt.attempt(), id,
              attempt.deadline().toEpochMilli(), attempt.timeoutMs()));
        }
      } else {
        LOG.warn("Could not load the running jobs of worker {}: {}", id, ar.cause().toString());
      }
      message.reply(new JsonObject().put("adopted", slot.running.size()));
      dispatcher.wake();
    });
  }

  /** A worker's session ended: the attempts it ran here are lost (fenced, so a second reaper is harmless). */
  private void left(JsonObject body) {
    String id = body.getString("worker_id");
    WorkerSlot slot = workers.get(id);
    if (slot == null || !slot.sessionId.equals(body.getString("session_id"))) {
      return; // a newer session of the same worker is in place
    }
    workers.remove(id);
    if (slot.running.isEmpty()) {
      return;
    }
    List<Report> lost = new ArrayList<>();
    slot.running.forEach((jobId, attempt) -> {
      deadlines.remove(jobId, attempt);
      lost.add(Report.lost(jobId, attempt, id, "worker connection closed"));
    });
    slot.running.clear();
    lost(lost);
  }

  /**
   * A newer session of the worker took over, maybe on another event loop, whose scheduler adopts the
   * attempts it runs (see joined): forgotten here, not reaped.
   */
  private void replaced(JsonObject body) {
    String id = body.getString("worker_id");
    WorkerSlot slot = workers.get(id);
    if (slot == null || !slot.sessionId.equals(body.getString("session_id"))) {
      return;
    }
    workers.remove(id);
    slot.running.forEach((jobId, attempt) -> deadlines.remove(jobId, attempt));
  }

  private void lost(List<Report> reports) {
    batcher.submit(reports).onFailure(e -> LOG.error("Recording lost attempts failed", e));
  }

  /**
   * Reconciles with what the worker says it runs: an attempt this coordinator has counted for more
   * than a heartbeat interval that the worker does not list is lost (its assignment died with a
   * coordinator, say). Reports the worker sent before this heartbeat are already ahead in the batcher.
   */
  private void heartbeat(JsonObject body) {
    String id = body.getString("worker_id");
    WorkerSlot slot = workers.get(id);
    if (slot == null || !slot.sessionId.equals(body.getString("session_id"))) {
      return;
    }
    Set<UUID> reported = new HashSet<>();
    for (Object jobId : body.getJsonArray("running", new JsonArray())) {
      if (jobId instanceof String text) {
        try {
          reported.add(UUID.fromString(text));
        } catch (IllegalArgumentException ignored) {
          // not one of ours: nothing to reconcile
        }
      }
    }
    Map<UUID, Integer> missing = slot.missingFrom(reported, System.currentTimeMillis(),
        services.settings().heartbeatInterval().toMillis());
    if (missing.isEmpty()) {
      return;
    }
    LOG.warn("Worker {} does not run {} attempts assigned to it; failing them as lost", id, missing.size());
    List<Report> lost = new ArrayList<>();
    missing.forEach((jobId, attempt) -> {
      slot.finish(jobId, attempt);
      deadlines.remove(jobId, attempt);
      lost.add(Report.lost(jobId, attempt, id, "the worker does not run this attempt"));
    });
    lost(lost);
  }

  private void draining(JsonObject body) {
    WorkerSlot slot = workers.get(body.getString("worker_id"));
    if (slot != null) {
      slot.draining = true;
    }
  }

  private void reports(Message<WorkerReports> message) {
    List<Report> reports = message.body().reports();
    refillEarly(reports);
    batcher.submit(reports).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(new JsonObject().put(Addresses.FRAME, ReportResult.answerFrame(ar.result())), LocalJson.DELIVERY);
      } else {
        message.fail(500, ar.cause().toString());
      }
    });
  }

  /**
   * A worker that reports a job has its slot free already. When the job's success releases no other
   * job at once (nothing depends on it, or its dependants still wait for other jobs, as the 49 first
   * siblings of a fan-in do), the slot is refilled now, while the report is being committed. The
   * rest are kept for what the commit releases (the fast path, see offers) and otherwise wait for the
   * commit and the enqueue (see committed), so that a refill does not jump ahead of a released
   * dependant. The report itself is still acknowledged only after its commit.
   */
  private void refillEarly(List<Report> reports) {
    boolean freed = false;
    for (Report report : reports) {
      WorkerSlot slot = workers.get(report.workerId());
      if (slot != null && slot.finishLeaf(report.jobId(), report.attempt())) {
        deadlines.remove(report.jobId(), report.attempt());
        freed = true;
      }
    }
    if (freed) {
      dispatcher.wake();
    }
  }

  /**
   * The local fast path (DESIGN.md): the slots of completed jobs whose success releases another job
   * are still held (see refillEarly), and the dependants the batch releases may take them at once, in
   * the same transaction, when they go before the head of their queue (read from the queue now).
   */
  private Future<EagerStarts> offers(List<Report> reports) {
    Map<WorkerSlot, Integer> held = new LinkedHashMap<>();
    for (Report report : reports) {
      WorkerSlot slot = workers.get(report.workerId());
      if (report.kind() == Report.Kind.COMPLETE && slot != null && !slot.draining
          && Integer.valueOf(report.attempt()).equals(slot.running.get(report.jobId()))) {
        held.merge(slot, 1, Integer::sum);
      }
    }
    if (held.isEmpty()) {
      return Future.succeededFuture(EagerStarts.NONE);
    }
    List<EagerStarts.Offer> offers = new ArrayList<>(held.size());
    Set<String> queues = new LinkedHashSet<>();
    held.forEach((slot, count) -> {
      offers.add(new EagerStarts.Offer(slot.id, slot.queues, slot.types, count));
      queues.addAll(slot.queues);
    });
    List<String> names = new ArrayList<>(queues);
    List<Future<QueueHead>> heads = new ArrayList<>(names.size());
    names.forEach(queue -> heads.add(services.queue().head(queue)));
    return Future.all(heads).map(all -> {
      Map<String, QueueHead> byQueue = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        QueueHead head = heads.get(i).result();
        if (head != null) {
          byQueue.put(names.get(i), head);
        }
      }
      return new EagerStarts(offers, byQueue);
    });
  }

  /** After a batch of reports is durable: free the slots, stop the clocks, follow the effects. */
  private void committed(ReportBatch batch) {
    for (ReportResult result : batch.results()) {
      Report report = result.report();
      if (result.applied()) {
        services.metrics().jobReported(report.kind().name());
      } else {
        services.metrics().reportRejected();
      }
      WorkerSlot slot = workers.get(report.workerId());
      if (slot != null && slot.finish(report.jobId(), report.attempt())) {
        deadlines.remove(report.jobId(), report.attempt());
      }
      if (result.applied() && report.kind() == Report.Kind.TIMEOUT) {
        sendCancel(report.workerId(), report.jobId(), report.attempt(), report.error());
      }
    }
    // Freed slots are filled after the released dependants are in the queue, so that the next step
    // of a workflow already running goes before the first step of a newer one (finish what was started).
    Future<Void> enqueued = effects.apply(batch);
    // Started by the batch itself (the fast path), on the slots just freed: counted again before any
    // dispatch round can see those slots free, and announced after the releases (the feed's order).
    if (!batch.effects().started.isEmpty()) {
      dispatcher.push(batch.effects().started);
    }
    follow(enqueued);
    enqueued.onComplete(ar -> dispatcher.wake());
  }

  private void started(List<Assignment> assignments) {
    for (Assignment a : assignments) {
      deadlines.add(new DeadlineWheel.Deadline(a.jobId(), a.attempt(), a.workerId(),
          a.deadline().toEpochMilli(), a.timeoutMs()));
    }
  }

  private void expireDeadlines() {
    List<DeadlineWheel.Deadline> due = deadlines.expired(System.currentTimeMillis());
    if (due.isEmpty()) {
      return;
    }
    List<Report> timeouts = new ArrayList<>(due.size());
    due.forEach(d -> timeouts.add(Report.timeout(d.jobId(), d.attempt(), d.workerId(), d.timeoutMs())));
    batcher.submit(timeouts).onFailure(e -> LOG.error("Recording timeouts failed", e));
  }

  private void cancels(JsonObject body) {
    JsonArray orders = body.getJsonArray("orders");
    for (int i = 0; i < orders.size(); i++) {
      JsonObject order = orders.getJsonObject(i);
      UUID jobId = UUID.fromString(order.getString("job_id"));
      int attempt = order.getInteger("attempt");
      String workerId = order.getString("worker_id");
      WorkerSlot slot = workers.get(workerId);
      if (slot == null) {
        continue; // not connected here; the coordinator that holds its socket sends the cancel
      }
      if (slot.finish(jobId, attempt)) {
        deadlines.remove(jobId, attempt);
      }
      sendCancel(workerId, jobId, attempt, order.getString("reason"));
    }
    dispatcher.wake();
  }

  private void sendCancel(String workerId, UUID jobId, int attempt, String reason) {
    JsonObject cancel = new JsonObject().put("type", "cancel").put("job_id", jobId.toString())
        .put("attempt", attempt).put("reason", reason);
    vertx.eventBus().send(Addresses.session(workerId), new JsonObject().put("messages", new JsonArray().add(cancel)),
        LocalJson.DELIVERY);
  }

  private static void follow(Future<?> future) {
    future.onFailure(e -> LOG.warn("Enqueueing released jobs failed; the sweeper will re-enqueue them: {}", e.toString()));
  }
}
