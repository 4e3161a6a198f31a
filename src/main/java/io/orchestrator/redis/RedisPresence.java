package io.orchestrator.redis;

import io.orchestrator.ports.Presence;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Worker presence in Redis: {@code worker:heartbeat:{id}} holds the last beat's time and expires
 * after the TTL; {@code set:active_workers} lists the ids until they leave. A listed id whose key
 * expired has lapsed.
 */
public final class RedisPresence implements Presence {
  private static final LuaScript BEAT = LuaScript.load("presence_beat");
  private static final LuaScript LEAVE = LuaScript.load("presence_leave");
  private static final LuaScript SCAN = LuaScript.load("presence_scan");

  private final RedisConnector redis;
  private final String activeSet;
  private final String heartbeatPrefix;
  private final Clock clock;

  /** Worker presence: {@code set:active_workers} and {@code worker:heartbeat:{id}}. */
  public RedisPresence(RedisConnector redis, RedisKeys keys) {
    this(redis, keys, Clock.systemUTC());
  }

  public RedisPresence(RedisConnector redis, RedisKeys keys, Clock clock) {
    this(redis, keys.activeWorkers(), keys.heartbeatPrefix(), clock);
  }

  /** Coordinator presence: {@code set:active_coordinators} and {@code coordinator:heartbeat:{id}}. */
  public static RedisPresence coordinators(RedisConnector redis, RedisKeys keys) {
    return new RedisPresence(redis, keys.activeCoordinators(), keys.coordinatorHeartbeatPrefix(), Clock.systemUTC());
  }

  private RedisPresence(RedisConnector redis, String activeSet, String heartbeatPrefix, Clock clock) {
    this.redis = redis;
    this.activeSet = activeSet;
    this.heartbeatPrefix = heartbeatPrefix;
    this.clock = clock;
  }

  @Override
  public Future<Void> beat(String workerId, Duration ttl) {
    long ttlMs = Math.max(1, ttl.toMillis());
    return BEAT.run(redis, List.of(heartbeatPrefix + workerId, activeSet),
            List.of(workerId, Long.toString(clock.millis()), Long.toString(ttlMs)))
        .mapEmpty();
  }

  @Override
  public Future<Void> leave(String workerId) {
    return LEAVE.run(redis, List.of(heartbeatPrefix + workerId, activeSet), List.of(workerId))
        .mapEmpty();
  }

  @Override
  public Future<List<String>> lapsed() {
    return scan("lapsed").map(ids -> {
      List<String> list = new ArrayList<>(ids);
      list.sort(null);
      return list;
    });
  }

  @Override
  public Future<Set<String>> active() {
    return scan("active").map(HashSet::new);
  }

  private Future<List<String>> scan(String mode) {
    return SCAN.run(redis, List.of(activeSet), List.of(heartbeatPrefix, mode))
        .map(RedisPresence::strings);
  }

  private static List<String> strings(Response response) {
    List<String> out = new ArrayList<>(response.size());
    response.forEach(item -> out.add(item.toString()));
    return out;
  }
}
