package io.orchestrator.ports;

import io.vertx.core.Future;
import java.time.Duration;

/** Named locks with owners, expiry and fencing tokens (Redis: {@code lock:{name}}, Lua-scripted). */
public interface Locks {

  /** Grants the lock to {@code owner} for {@code ttl}, or completes with null when another holds it. */
  Future<Lease> acquire(String name, String owner, Duration ttl);

  /** Extends a lease still held by its owner; null when it was lost (expired, taken over). */
  Future<Lease> renew(Lease lease, Duration ttl);

  /** Releases a lease still held by its owner; false when it was no longer held. */
  Future<Boolean> release(Lease lease);
}
