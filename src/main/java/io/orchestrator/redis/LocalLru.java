package io.orchestrator.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded least-recently-used map, safe for several event loops (one lock, short sections). */
final class LocalLru<K, V> {
  private final Map<K, V> entries;

  LocalLru(int maxEntries) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  synchronized void remove(K key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
