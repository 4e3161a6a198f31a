package io.orchestrator.ports;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Live state changes across coordinators: each committed change (an audit row as JSON, or a worker's
 * {@code progress}) is published once and delivered to every subscriber of every coordinator.
 *
 * <p>Delivery is at most once and best effort: a subscriber that is reconnecting misses what was
 * published meanwhile (the audit trail in the state store is the complete record). Handlers may be
 * called on any thread; they must not block and should hand work over to their own context.
 */
public interface ChangeFeed {

  /**
   * Whether anybody may be listening; false lets a publisher skip building the changes. A hint that
   * may lag (a subscriber that just arrived misses what is published meanwhile: delivery is best effort).
   */
  default boolean listened() {
    return true;
  }

  /** Publishes these changes (each a JSON object with at least {@code workflow_id} and {@code kind}). */
  Future<Void> publish(JsonArray changes);

  /**
   * Calls {@code onChange} once for each change published from now on by any publisher of this feed.
   * Completes when the subscription is active.
   */
  Future<Void> subscribe(Handler<JsonObject> onChange);

  /** Stops deliveries and releases connections. */
  Future<Void> close();
}
