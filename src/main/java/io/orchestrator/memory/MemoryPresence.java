package io.orchestrator.memory;

import io.orchestrator.ports.Presence;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Worker presence in process memory: each listed worker with the instant its presence lapses. */
public final class MemoryPresence implements Presence {
  private final Clock clock;
  private final Map<String, Instant> lapsesAt = new HashMap<>();

  public MemoryPresence() {
    this(Clock.systemUTC());
  }

  /** With an injected clock, so that tests can move time instead of waiting. */
  public MemoryPresence(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> beat(String workerId, Duration ttl) {
    lapsesAt.put(workerId, clock.instant().plus(ttl));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> leave(String workerId) {
    lapsesAt.remove(workerId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<String>> lapsed() {
    Instant now = clock.instant();
    List<String> lapsed = new ArrayList<>();
    lapsesAt.forEach((id, at) -> {
      if (!at.isAfter(now)) {
        lapsed.add(id);
      }
    });
    lapsed.sort(null);
    return Future.succeededFuture(lapsed);
  }

  @Override
  public synchronized Future<Set<String>> active() {
    Instant now = clock.instant();
    Set<String> active = new HashSet<>();
    lapsesAt.forEach((id, at) -> {
      if (at.isAfter(now)) {
        active.add(id);
      }
    });
    return Future.succeededFuture(active);
  }
}
