package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared instances for the values that thousands of submitted jobs repeat: the empty JSON object
 * of an absent payload or labels, and the names, types and queues that a workflow template repeats
 * in every run. The memory store keeps every workflow it is given, so each object saved here is one
 * the garbage collector no longer copies and marks (docs/performance.md, fifth round).
 */
public final class Canonical {
  /**
   * The empty object, shared: it refuses changes ({@link UnsupportedOperationException}), and its
   * {@link JsonObject#copy()} is an ordinary mutable object, which is what readers hand out.
   */
  public static final JsonObject EMPTY_OBJECT = new JsonObject(Map.of());

  /** Enough for the names of many templates; past it the table starts over (no unbounded growth). */
  static final int MAX_STRINGS = 10_000;

  private static final Map<String, String> STRINGS = new ConcurrentHashMap<>();

  private Canonical() {}

  /** {@link #EMPTY_OBJECT} when {@code json} is empty, else {@code json} itself (null stays null). */
  public static JsonObject object(JsonObject json) {
    return json != null && json.isEmpty() ? EMPTY_OBJECT : json;
  }

  /** A copy of {@code json} that the caller may keep: {@link #EMPTY_OBJECT} when it is empty. */
  public static JsonObject copyOf(JsonObject json) {
    return json == null ? null : json.isEmpty() ? EMPTY_OBJECT : json.copy();
  }

  /**
   * One instance per distinct string among the last {@link #MAX_STRINGS} distinct ones seen: when
   * the table is full it starts over, so a stream of names that never repeat cannot keep the ones
   * that do from being shared.
   */
  public static String string(String value) {
    if (value == null) {
      return null;
    }
    String known = STRINGS.get(value);
    if (known != null) {
      return known;
    }
    if (STRINGS.size() >= MAX_STRINGS) {
      STRINGS.clear(); // names that never repeat (one per run) must not crowd out those that do
    }
    known = STRINGS.putIfAbsent(value, value);
    return known == null ? value : known;
  }
}
