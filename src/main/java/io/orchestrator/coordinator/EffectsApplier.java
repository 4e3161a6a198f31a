package io.orchestrator.coordinator;

import io.orchestrator.domain.Times;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.JobQueue;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Carries out the effects of a committed change: enqueue released jobs and wake the schedulers, arm
 * retry timers, order cancels, count, and publish the state changes. Shared by every verticle that
 * changes state, so that each change is followed up the same way.
 */
public final class EffectsApplier {
  private final EventBus bus;
  private final JobQueue queue;
  private final CoordinatorMetrics metrics;

  public EffectsApplier(EventBus bus, JobQueue queue, CoordinatorMetrics metrics) {
    this.bus = bus;
    this.queue = queue;
    this.metrics = metrics;
  }

  /** Completes when the ready jobs are in the queue (the rest is fire-and-forget on the bus). */
  public Future<Void> apply(Effects effects) {
    metrics.applied(effects);
    if (!effects.retries.isEmpty()) {
      JsonArray due = new JsonArray();
      effects.retries.forEach(r -> due.add(Times.format(r.dueAt())));
      bus.send(Addresses.RETRY_TIMERS, new JsonObject().put("due", due));
    }
    if (!effects.cancels.isEmpty()) {
      JsonArray orders = new JsonArray();
      effects.cancels.forEach(c -> orders.add(new JsonObject()
          .put("job_id", c.jobId().toString()).put("attempt", c.attempt())
          .put("worker_id", c.workerId()).put("reason", c.reason())));
      bus.publish(Addresses.CANCELS, new JsonObject().put("orders", orders));
    }
    if (!effects.changes.isEmpty()) {
      bus.publish(Addresses.CHANGES, new JsonArray(effects.changes));
    }
    if (effects.ready.isEmpty()) {
      return Future.succeededFuture();
    }
    return queue.enqueue(effects.ready).onSuccess(v -> bus.publish(Addresses.WAKE, null));
  }
}
