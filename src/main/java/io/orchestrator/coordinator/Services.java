package io.orchestrator.coordinator;

import io.orchestrator.ports.ChangeFeed;
import io.orchestrator.ports.Counters;
import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.Locks;
import io.orchestrator.ports.Presence;
import io.orchestrator.ports.StateStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ports a coordinator runs on, chosen once at start-up (memory, PostgreSQL, Redis), and its
 * settings. Verticles share these objects; they talk to each other only over the event bus.
 * {@code health} lists the backing services to check, by name.
 */
public record Services(
    String coordinatorId,
    CoordinatorSettings settings,
    StateStore store,
    JobQueue queue,
    Presence presence,
    Presence coordinators,
    Locks locks,
    ChangeFeed feed,
    Counters counters,
    Signals signals,
    CoordinatorMetrics metrics,
    List<HealthCheck> health,
    List<Supplier<Future<Void>>> closers) {

  /** A named liveness probe of a backing service. */
  public record HealthCheck(String name, Supplier<Future<Void>> probe) {}

  /** Closes the backing services in reverse order of opening. */
  public Future<Void> close() {
    return closeAll(closers);
  }

  /** Runs every closer, last opened first, each whether or not the previous one failed. */
  static Future<Void> closeAll(List<Supplier<Future<Void>>> closers) {
    List<Supplier<Future<Void>>> reversed = new ArrayList<>(closers);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> closer : reversed) {
      chain = chain.eventually(closer::get);
    }
    return chain;
  }
}
