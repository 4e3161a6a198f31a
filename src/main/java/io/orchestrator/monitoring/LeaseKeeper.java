package io.orchestrator.monitoring;

import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Locks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a named lease for duties that one coordinator at a time must do. Renews at a third of the
 * TTL; a failed renewal drops the lease at once, and {@link #held()} also turns false once the local
 * clock passes the expiry, so a paused process stops its duties before another owner can start.
 */
public final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final Vertx vertx;
  private final Locks locks;
  private final String name;
  private final String owner;
  private final Duration ttl;
  private Lease lease;
  private long timerId = -1;

  public LeaseKeeper(Vertx vertx, Locks locks, String name, String owner, Duration ttl) {
    this.vertx = vertx;
    this.locks = locks;
    this.name = name;
    this.owner = owner;
    this.ttl = ttl;
  }

  public Future<Void> start() {
    timerId = vertx.setPeriodic(Math.max(50, ttl.toMillis() / 3), id -> refresh());
    return refresh();
  }

  /** The current lease if this process holds it and its expiry has not passed locally. */
  public Lease held() {
    Lease current = lease;
    return current != null && Instant.now().isBefore(current.expiresAt()) ? current : null;
  }

  private Future<Void> refresh() {
    Future<Lease> next = lease == null ? locks.acquire(name, owner, ttl) : locks.renew(lease, ttl);
    return next.recover(e -> {
      LOG.warn("Lease {}: {}", name, e.toString());
      return Future.succeededFuture(null);
    }).map(granted -> {
      if (granted == null && lease != null) {
        LOG.warn("Lease {} lost; its duties stop here", name);
      } else if (granted != null && lease == null) {
        LOG.info("Lease {} acquired (fencing token {})", name, granted.fencingToken());
      }
      lease = granted;
      return null;
    });
  }

  /** Forgets the lease at once (the store said a newer holder exists); acquiring starts over. */
  public void drop() {
    lease = null;
  }

  public Future<Void> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    Lease current = lease;
    lease = null;
    return current == null ? Future.succeededFuture() : locks.release(current).mapEmpty();
  }
}
