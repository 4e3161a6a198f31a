package io.orchestrator.scheduling;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.LocalJson;
import io.orchestrator.coordinator.Services;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Times;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.StartAttempt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatch round: for each worker with free slots, claim the best matching jobs of its queues,
 * start them in the store in one batch, and push the assignments. Rounds never overlap; a wake-up
 * during a round asks for another. Confined to the scheduler's event loop.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private record Claim(WorkerSlot slot, QueuedJob job) {}

  private final Vertx vertx;
  private final Services services;
  private final Map<String, WorkerSlot> workers;
  private final Consumer<List<Assignment>> onStarted;
  private final Consumer<List<Report>> onOrphaned;
  private boolean running;
  private boolean again;

  Dispatcher(Vertx vertx, Services services, Map<String, WorkerSlot> workers,
      Consumer<List<Assignment>> onStarted, Consumer<List<Report>> onOrphaned) {
    this.vertx = vertx;
    this.services = services;
    this.workers = workers;
    this.onStarted = onStarted;
    this.onOrphaned = onOrphaned;
  }

  void wake() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    round().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("Dispatch round failed: {}", ar.cause().toString());
        vertx.setTimer(200, id -> wake());
      } else if (again || ar.result()) {
        // The next round after a turn of the event loop: the assignments of this one are written to
        // their sockets first, and travel while the next jobs are started (the schedulers share
        // their loop with the sessions).
        vertx.runOnContext(v -> wake());
      }
    });
  }

  /** Completes with true when some worker filled all it asked for (there may be more to claim). */
  private Future<Boolean> round() {
    List<WorkerSlot> hungry = new ArrayList<>();
    workers.values().forEach(slot -> {
      if (slot.free() > 0) {
        hungry.add(slot);
      }
    });
    if (hungry.isEmpty()) {
      return Future.succeededFuture(false);
    }
    // Each worker claims for itself, all at once: a claim is atomic and asks only for that
    // worker's free slots, so together they never take more than there is room for.
    // At most the store's start batch per worker and round: a round that asks for less than the
    // free slots says it saturated, so the next round follows at once (StateStore.startBatch).
    int batch = services.store().startBatch();
    int[] asked = new int[hungry.size()];
    List<Future<List<QueuedJob>>> claimed = new ArrayList<>(hungry.size());
    for (int i = 0; i < hungry.size(); i++) {
      asked[i] = Math.min(batch, hungry.get(i).free());
      claimed.add(claimFor(hungry.get(i), asked[i]));
    }
    return Future.join(claimed).transform(all -> {
      List<Claim> claims = new ArrayList<>();
      boolean saturated = false;
      for (int i = 0; i < hungry.size(); i++) {
        Future<List<QueuedJob>> got = claimed.get(i);
        if (got.succeeded()) {
          WorkerSlot slot = hungry.get(i);
          got.result().forEach(job -> claims.add(new Claim(slot, job)));
          slot.reserved += got.result().size();
          saturated |= got.result().size() == asked[i];
        }
      }
      if (claims.isEmpty() && all.failed()) {
        return Future.failedFuture(all.cause());
      }
      boolean more = saturated;
      return start(claims).map(v -> more);
    });
  }

  /** Up to free() jobs for this worker, best first across its queues (surplus goes back). */
  private Future<List<QueuedJob>> claimFor(WorkerSlot slot, int free) {
    List<Future<List<QueuedJob>>> perQueue = new ArrayList<>();
    for (String queue : slot.queues) {
      perQueue.add(services.queue().claim(queue, slot.types, free));
    }
    return Future.all(perQueue).compose(all -> {
      List<QueuedJob> jobs = new ArrayList<>();
      for (int i = 0; i < perQueue.size(); i++) {
        jobs.addAll(all.<List<QueuedJob>>resultAt(i));
      }
      if (jobs.size() <= free) {
        return Future.succeededFuture(jobs);
      }
      Collections.sort(jobs);
      List<QueuedJob> surplus = new ArrayList<>(jobs.subList(free, jobs.size()));
      return services.queue().enqueue(surplus).map(v -> new ArrayList<>(jobs.subList(0, free)));
    });
  }

  private Future<Void> start(List<Claim> claims) {
    if (claims.isEmpty()) {
      return Future.succeededFuture();
    }
    List<StartAttempt> starts = new ArrayList<>(claims.size());
    claims.forEach(c -> starts.add(new StartAttempt(c.job().jobId(), c.slot().id)));
    return services.store().start(starts)
        .recover(e -> {
          // The jobs are still QUEUED in the store: put them back before giving up this round.
          List<QueuedJob> back = new ArrayList<>();
          claims.forEach(c -> back.add(c.job()));
          claims.forEach(c -> c.slot().reserved--);
          return services.queue().enqueue(back).transform(ignored -> Future.failedFuture(e));
        })
        .map(assignments -> {
          claims.forEach(c -> c.slot().reserved--);
          push(assignments);
          return null;
        });
  }

  /** The QUEUED → RUNNING transitions, for live feeds (the store audited them already). */
  private void publishStarts(List<Assignment> started) {
    if (started.isEmpty() || !services.feed().listened()) {
      return;
    }
    String at = Times.format(Instant.now());
    JsonArray changes = new JsonArray();
    for (Assignment a : started) {
      changes.add(new JsonObject().put("workflow_id", a.workflowId().toString()).put("job_id", a.jobId().toString())
          .put("kind", AuditEvent.JOB_STATE).put("from_state", "QUEUED").put("to_state", "RUNNING")
          .put("attempt", a.attempt()).put("worker_id", a.workerId()).put("coordinator_id", services.coordinatorId())
          .put("at", at));
    }
    services.feed().publish(changes).onFailure(e -> LOG.debug("Publishing starts failed: {}", e.toString()));
  }

  /** Counts the started attempts on their workers' slots and sends them; those whose worker left are lost. */
  void push(List<Assignment> assignments) {
    Map<String, List<Assignment>> frames = new HashMap<>();
    List<Assignment> kept = new ArrayList<>(assignments.size());
    List<Report> orphaned = new ArrayList<>();
    for (Assignment a : assignments) {
      WorkerSlot slot = workers.get(a.workerId());
      if (slot == null) {
        orphaned.add(Report.lost(a.jobId(), a.attempt(), a.workerId(), "worker left before its assignment was sent"));
        continue;
      }
      slot.run(a.jobId(), a.attempt(), System.currentTimeMillis(), !a.releasesDependant());
      kept.add(a);
      frames.computeIfAbsent(a.workerId(), id -> new ArrayList<>()).add(a);
    }
    services.metrics().jobsStarted(assignments.size());
    publishStarts(kept);
    onStarted.accept(kept);
    frames.forEach((workerId, mine) -> vertx.eventBus().send(Addresses.session(workerId),
        new JsonObject().put(Addresses.FRAME, Assignment.frame(mine)), LocalJson.DELIVERY));
    if (!orphaned.isEmpty()) {
      onOrphaned.accept(orphaned);
    }
  }
}
