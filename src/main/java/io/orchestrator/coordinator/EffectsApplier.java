package io.orchestrator.coordinator;

import io.orchestrator.domain.Times;
import io.orchestrator.ports.CounterDeltas;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.ReportBatch;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the effects of a committed change: enqueue released jobs and wake the schedulers, arm
 * retry timers, order cancels, count, and publish the state changes. Shared by every verticle that
 * changes state, so that each change is followed up the same way.
 */
public final class EffectsApplier {
  private static final Logger LOG = LoggerFactory.getLogger(EffectsApplier.class);

  private final EventBus bus;
  private final Services services;

  public EffectsApplier(EventBus bus, Services services) {
    this.bus = bus;
    this.services = services;
  }

  /** Follows up a committed report batch (its counters come from the results). */
  public Future<Void> apply(ReportBatch batch) {
    return apply(batch.effects(), CounterDeltas.from(batch));
  }

  /** Completes when the ready jobs are in the queue (the rest is fire-and-forget). */
  public Future<Void> apply(Effects effects) {
    return apply(effects, CounterDeltas.from(effects));
  }

  private Future<Void> apply(Effects effects, Map<String, Long> counts) {
    services.metrics().applied(effects);
    if (!counts.isEmpty()) {
      services.counters().add(counts).onFailure(e -> LOG.debug("Counting failed: {}", e.toString()));
    }
    if (!effects.retries.isEmpty()) {
      services.queue().delay(effects.retries)
          .onFailure(e -> LOG.warn("Recording delayed retries in the queue failed (the store still has them): {}", e.toString()));
      JsonArray due = new JsonArray();
      effects.retries.forEach(r -> due.add(Times.format(r.dueAt())));
      bus.send(Addresses.RETRY_TIMERS, new JsonObject().put("due", due));
    }
    if (!effects.cancels.isEmpty()) {
      JsonArray orders = new JsonArray();
      effects.cancels.forEach(c -> orders.add(new JsonObject()
          .put("job_id", c.jobId().toString()).put("attempt", c.attempt())
          .put("worker_id", c.workerId()).put("reason", c.reason())));
      services.signals().cancel(orders);
    }
    if (!effects.changes.isEmpty() && services.feed().listened()) {
      JsonArray changes = new JsonArray();
      effects.changes.forEach(change -> changes.add(change.toJson()));
      services.feed().publish(changes).onFailure(e -> LOG.debug("Publishing changes failed: {}", e.toString()));
    }
    if (effects.ready.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.queue().enqueue(effects.ready).onSuccess(v -> services.signals().wake());
  }
}
