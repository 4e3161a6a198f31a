package io.orchestrator.redis;

import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Locks;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Locks in Redis: {@code lock:{name}} holds the owner and expires by itself; {@code lock:{name}:fence}
 * counts grants and gives the fencing token. Renew and release check both owner and token, so an
 * old lease of the same owner cannot touch a later grant. A missing counter is seeded from the
 * clock (ms x 1000), so tokens keep growing across a Redis that lost everything.
 */
public final class RedisLocks implements Locks {
  private static final LuaScript ACQUIRE = LuaScript.load("lock_acquire");
  private static final LuaScript RENEW = LuaScript.load("lock_renew");
  private static final LuaScript RELEASE = LuaScript.load("lock_release");

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final Clock clock;

  public RedisLocks(RedisConnector redis, RedisKeys keys) {
    this(redis, keys, Clock.systemUTC());
  }

  public RedisLocks(RedisConnector redis, RedisKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Future<Lease> acquire(String name, String owner, Duration ttl) {
    Instant now = clock.instant();
    long ttlMs = Math.max(1, ttl.toMillis());
    return ACQUIRE.run(redis, List.of(keys.lock(name), keys.lockFence(name)),
            List.of(owner, Long.toString(ttlMs), Long.toString(now.toEpochMilli() * 1000)))
        .map(token -> token.toLong() == 0 ? null
            : new Lease(name, owner, token.toLong(), now.plusMillis(ttlMs)));
  }

  @Override
  public Future<Lease> renew(Lease lease, Duration ttl) {
    Instant now = clock.instant();
    long ttlMs = Math.max(1, ttl.toMillis());
    return RENEW.run(redis, List.of(keys.lock(lease.name()), keys.lockFence(lease.name())),
            List.of(lease.owner(), Long.toString(lease.fencingToken()), Long.toString(ttlMs)))
        .map(held -> held.toLong() == 1
            ? new Lease(lease.name(), lease.owner(), lease.fencingToken(), now.plusMillis(ttlMs))
            : null);
  }

  @Override
  public Future<Boolean> release(Lease lease) {
    return RELEASE.run(redis, List.of(keys.lock(lease.name()), keys.lockFence(lease.name())),
            List.of(lease.owner(), Long.toString(lease.fencingToken())))
        .map(released -> released.toLong() == 1);
  }
}
