package io.orchestrator.redis;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.Workflow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The Redis half of the hot cache: hashes {@code cache:workflows} and {@code cache:jobs} (id → JSON),
 * the eviction index {@code cache:index} and the fill fence {@code cache:generation}. Lookups go
 * once, without retries (a cache that is down is a miss, not a wait); fills and invalidations are
 * scripts sent with the connector's retries.
 */
final class RedisEntityCache {
  private static final LuaScript PUT = LuaScript.load("cache_put");
  private static final LuaScript INVALIDATE = LuaScript.load("cache_invalidate");
  /** Ids per invalidation script: keeps each script short (Redis runs one at a time). */
  private static final int CHUNK = 500;

  /** A lookup: the entry (null on a miss) and the generation to hand to {@link #put} after a miss. */
  record Lookup<T>(T value, String generation) {}

  /** One snapshot to store: kind 'w' or 'j'. */
  record Entry(char kind, UUID id, String json) {}

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final int maxEntries;
  private final Clock clock;

  RedisEntityCache(RedisConnector redis, RedisKeys keys, int maxEntries, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  Future<Lookup<Workflow>> workflow(UUID id) {
    return lookup(keys.cacheWorkflows(), id).map(found -> new Lookup<>(
        found.value() == null ? null : WorkflowJson.decode(new JsonObject(found.value())), found.generation()));
  }

  Future<Lookup<Job>> job(UUID id) {
    return lookup(keys.cacheJobs(), id).map(found -> new Lookup<>(
        found.value() == null ? null : JobJson.decode(new JsonObject(found.value())), found.generation()));
  }

  /** The entry and the generation, read side by side (both before the caller reads the store). */
  private Future<Lookup<String>> lookup(String hash, UUID id) {
    Future<Response> entry = redis.api().hget(hash, id.toString());
    Future<Response> generation = redis.api().get(keys.cacheGeneration());
    return Future.all(entry, generation).map(both -> new Lookup<>(
        entry.result() == null ? null : entry.result().toString(),
        generation.result() == null ? "" : generation.result().toString()));
  }

  /** Stores the entries unless the generation moved since {@code generation} was read; true if stored. */
  Future<Boolean> put(String generation, List<Entry> entries) {
    List<String> args = new ArrayList<>(3 + entries.size() * 3);
    args.add(generation);
    args.add(Integer.toString(maxEntries));
    args.add(Long.toString(clock.millis()));
    for (Entry entry : entries) {
      args.add(String.valueOf(entry.kind()));
      args.add(entry.id().toString());
      args.add(entry.json());
    }
    return PUT.run(redis, scriptKeys(), args).map(stored -> stored.toLong() >= 0);
  }

  /**
   * Drops these members ("w:{id}" / "j:{id}"); {@code bump} moves the generation first, so that a
   * fill that read the store before this change cannot store its older snapshot afterwards.
   */
  Future<Void> invalidate(Collection<String> members, boolean bump) {
    List<String> all = new ArrayList<>(members);
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < Math.max(all.size(), bump ? 1 : 0); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
      boolean bumpHere = bump && from == 0;
      chain = chain.compose(v -> invalidateChunk(chunk, bumpHere));
    }
    return chain;
  }

  private Future<Void> invalidateChunk(List<String> members, boolean bump) {
    List<String> args = new ArrayList<>(2 + members.size() * 2);
    args.add(bump ? "1" : "0");
    args.add(Long.toString(clock.millis() * 1000));
    for (String member : members) {
      args.add(member.substring(0, 1));
      args.add(member.substring(2));
    }
    return INVALIDATE.run(redis, scriptKeys(), args).mapEmpty();
  }

  private List<String> scriptKeys() {
    return List.of(keys.cacheWorkflows(), keys.cacheJobs(), keys.cacheIndex(), keys.cacheGeneration());
  }
}
