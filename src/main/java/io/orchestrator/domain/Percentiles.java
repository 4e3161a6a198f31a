package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Nearest-rank percentiles, the one definition both state stores use for analytics so that memory
 * and PostgreSQL modes agree: the p-th percentile of n sorted values is the value at rank
 * ceil(p/100 * n) (1-based), never an interpolation.
 */
public final class Percentiles {
  private Percentiles() {}

  /** The nearest-rank percentile of values sorted ascending; null when there are none. */
  public static Long nearestRank(List<Long> sortedAscending, double percentile) {
    if (sortedAscending.isEmpty()) {
      return null;
    }
    if (percentile <= 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sortedAscending.size());
    return sortedAscending.get(Math.max(1, rank) - 1);
  }

  /** {"count", "p50", "p95", "p99"} of these values (in any order); the percentiles are null when empty. */
  public static JsonObject summary(Collection<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new JsonObject()
        .put("count", sorted.size())
        .put("p50", nearestRank(sorted, 50))
        .put("p95", nearestRank(sorted, 95))
        .put("p99", nearestRank(sorted, 99));
  }
}
