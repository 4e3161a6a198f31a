package io.orchestrator.redis;

import io.orchestrator.ports.Counters;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters in the Redis hash {@code metrics:counters}, shared by every coordinator. An add is one
 * script (all its deltas or none). A connection error retried after Redis ran the script may count
 * twice, and a Redis that lost its data starts again from zero: these are operational totals, not
 * the record (the audit trail in the state store is).
 */
public final class RedisCounters implements Counters {
  private static final LuaScript ADD = LuaScript.load("counters_add");

  private final RedisConnector redis;
  private final RedisKeys keys;

  public RedisCounters(RedisConnector redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public Future<Void> add(Map<String, Long> deltas) {
    List<String> args = new ArrayList<>(deltas.size() * 2);
    deltas.forEach((name, delta) -> {
      if (delta != null && delta != 0) {
        args.add(name);
        args.add(Long.toString(delta));
      }
    });
    if (args.isEmpty()) {
      return Future.succeededFuture();
    }
    return ADD.run(redis, List.of(keys.counters()), args).mapEmpty();
  }

  @Override
  public Future<Map<String, Long>> read() {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.counters())).map(RedisCounters::totals);
  }

  /** HGETALL answers a map under RESP3 and a flat name/value list under RESP2: read both. */
  private static Map<String, Long> totals(Response reply) {
    Map<String, Long> all = new LinkedHashMap<>();
    NAMES.forEach(name -> all.put(name, 0L));
    if (reply == null) {
      return all;
    }
    if (reply.isMap()) {
      for (String name : reply.getKeys()) {
        all.put(name, reply.get(name).toLong());
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        all.put(reply.get(i).toString(), reply.get(i + 1).toLong());
      }
    }
    return all;
  }
}
