package io.orchestrator.memory;

import io.orchestrator.ports.Counters;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counters of memory mode: one map behind a lock (several event loops add to it). */
public final class MemoryCounters implements Counters {
  private final Map<String, Long> totals = new TreeMap<>();

  @Override
  public synchronized Future<Void> add(Map<String, Long> deltas) {
    deltas.forEach((name, delta) -> {
      if (delta != null && delta != 0) {
        totals.merge(name, delta, Long::sum);
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Map<String, Long>> read() {
    Map<String, Long> all = new LinkedHashMap<>();
    NAMES.forEach(name -> all.put(name, 0L));
    all.putAll(totals);
    return Future.succeededFuture(all);
  }
}
