package io.orchestrator.memory;

import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Locks;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Locks in process memory, with the same rules as the Redis ones: one holder at a time, expiry,
 * a fencing token that grows with every grant, renew and release only by the current grant.
 */
public final class MemoryLocks implements Locks {
  private final Clock clock;
  private final Map<String, Lease> held = new HashMap<>();
  private final Map<String, Long> grants = new HashMap<>();

  public MemoryLocks() {
    this(Clock.systemUTC());
  }

  /** With an injected clock, so that tests can move time instead of waiting. */
  public MemoryLocks(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Lease> acquire(String name, String owner, Duration ttl) {
    Instant now = clock.instant();
    if (current(name, now) != null) {
      return Future.succeededFuture(null);
    }
    long token = grants.merge(name, 1L, Long::sum);
    Lease lease = new Lease(name, owner, token, now.plus(positive(ttl)));
    held.put(name, lease);
    return Future.succeededFuture(lease);
  }

  @Override
  public synchronized Future<Lease> renew(Lease lease, Duration ttl) {
    Instant now = clock.instant();
    if (!isCurrentGrant(lease, now)) {
      return Future.succeededFuture(null);
    }
    Lease renewed = new Lease(lease.name(), lease.owner(), lease.fencingToken(), now.plus(positive(ttl)));
    held.put(lease.name(), renewed);
    return Future.succeededFuture(renewed);
  }

  @Override
  public synchronized Future<Boolean> release(Lease lease) {
    if (!isCurrentGrant(lease, clock.instant())) {
      return Future.succeededFuture(false);
    }
    held.remove(lease.name());
    return Future.succeededFuture(true);
  }

  private boolean isCurrentGrant(Lease lease, Instant now) {
    Lease current = current(lease.name(), now);
    return current != null && current.owner().equals(lease.owner())
        && current.fencingToken() == lease.fencingToken();
  }

  /** The unexpired lease on {@code name}, dropping an expired one. */
  private Lease current(String name, Instant now) {
    Lease lease = held.get(name);
    if (lease != null && !lease.expiresAt().isAfter(now)) {
      held.remove(name);
      return null;
    }
    return lease;
  }

  private static Duration positive(Duration ttl) {
    return ttl.toMillis() < 1 ? Duration.ofMillis(1) : Duration.ofMillis(ttl.toMillis());
  }
}
