package io.orchestrator.coordinator;

import io.orchestrator.ports.ChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups and cancel orders, for this coordinator and — when several share a Redis — for all of
 * them. Locally they are event-bus publishes; across coordinators they go over a pub/sub feed whose
 * subscription turns them back into local publishes. Wake-ups are coalesced: while one is being
 * published, any number of further requests make one more. Thread-safe.
 */
public final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static final String WAKE = "wake";
  private static final String CANCEL = "cancel";

  private final EventBus bus;
  private final ChangeFeed cluster;
  private final String coordinatorId;
  /** 0: idle; 1: a wake publish in flight; 2: in flight and another requested. */
  private final AtomicInteger wakeState = new AtomicInteger();

  /** {@code cluster} is null when this coordinator is alone (memory or PostgreSQL-only mode). */
  public Signals(EventBus bus, ChangeFeed cluster, String coordinatorId) {
    this.bus = bus;
    this.cluster = cluster;
    this.coordinatorId = coordinatorId;
  }

  /** Subscribes to the other coordinators' signals (nothing to do when alone). */
  public Future<Void> start() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return cluster.subscribe(signal -> {
      switch (signal.getString("kind", "")) {
        case WAKE -> {
          if (!coordinatorId.equals(signal.getString("from"))) {
            bus.publish(Addresses.WAKE, null);
          }
        }
        case CANCEL -> bus.publish(Addresses.CANCELS, new JsonObject().put("orders", signal.getJsonArray("orders")));
        default -> LOG.warn("Ignored an unknown signal: {}", signal.getString("kind"));
      }
    });
  }

  /** New work is in the queue: every scheduler should claim. */
  public void wake() {
    bus.publish(Addresses.WAKE, null);
    if (cluster != null && wakeState.getAndUpdate(s -> Math.min(2, s + 1)) == 0) {
      publishWake();
    }
  }

  private void publishWake() {
    cluster.publish(new JsonArray().add(new JsonObject().put("kind", WAKE).put("from", coordinatorId)))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("Publishing a wake-up failed (the others claim on their next tick): {}", ar.cause().toString());
          }
          if (wakeState.getAndUpdate(s -> s == 2 ? 1 : 0) == 2) {
            publishWake();
          }
        });
  }

  /** Stop these attempts on their workers, wherever their sockets are. */
  public void cancel(JsonArray orders) {
    if (cluster == null) {
      bus.publish(Addresses.CANCELS, new JsonObject().put("orders", orders));
      return;
    }
    cluster.publish(new JsonArray().add(new JsonObject().put("kind", CANCEL).put("orders", orders)))
        .onFailure(e -> {
          // The attempts are already ended in the store; a worker that keeps running one has its
          // report rejected. Still try locally, where most sockets are.
          LOG.warn("Publishing cancel orders failed: {}", e.toString());
          bus.publish(Addresses.CANCELS, new JsonObject().put("orders", orders));
        });
  }
}
