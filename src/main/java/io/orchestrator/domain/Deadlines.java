package io.orchestrator.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Deadlines in one heap, checked by one periodic tick instead of a timer each: the coordinator's
 * running attempts and the worker's fallback timeouts. One deadline per key; putting a key again
 * replaces its deadline. Removal is lazy: a heap entry counts only while the index still holds it,
 * and the heap is compacted when stale entries outnumber the live ones. Not thread-safe: each
 * owner keeps its own on its event loop.
 */
public final class Deadlines<K, V> {
  private static final class Entry<K, V> {
    final K key;
    final V value;
    final long atMillis;

    Entry(K key, V value, long atMillis) {
      this.key = key;
      this.value = value;
      this.atMillis = atMillis;
    }
  }

  private final PriorityQueue<Entry<K, V>> heap = new PriorityQueue<>(Comparator.comparingLong(e -> e.atMillis));
  private final Map<K, Entry<K, V>> index = new HashMap<>();

  /** Sets the key's deadline, replacing any it had. */
  public void put(K key, V value, long atMillis) {
    Entry<K, V> entry = new Entry<>(key, value, atMillis);
    index.put(key, entry);
    heap.add(entry);
  }

  /** The value whose deadline the key has, or null. */
  public V get(K key) {
    Entry<K, V> entry = index.get(key);
    return entry == null ? null : entry.value;
  }

  /** Forgets the key's deadline; returns its value, or null when it had none. */
  public V remove(K key) {
    Entry<K, V> entry = index.remove(key);
    return entry == null ? null : entry.value;
  }

  /** Removes and returns, earliest first, the values whose deadline is at or before {@code nowMillis}. */
  public List<V> expired(long nowMillis) {
    List<V> due = new ArrayList<>();
    while (!heap.isEmpty() && heap.peek().atMillis <= nowMillis) {
      Entry<K, V> head = heap.poll();
      if (index.get(head.key) == head) {
        index.remove(head.key);
        due.add(head.value);
      }
    }
    if (heap.size() > 2 * index.size() + 1024) {
      heap.removeIf(e -> index.get(e.key) != e);
    }
    return due;
  }

  /** Keys with a deadline. */
  public int size() {
    return index.size();
  }

  /** Heap entries, stale ones included (for tests of the compaction). */
  int heapSize() {
    return heap.size();
  }
}
