package io.orchestrator.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The deadlines of running attempts, checked by one periodic tick instead of a timer per job.
 * Removal is lazy: a heap entry counts only while the index still holds the same attempt.
 */
final class DeadlineWheel {
  record Deadline(UUID jobId, int attempt, String workerId, long atMillis, long timeoutMs) {}

  private final PriorityQueue<Deadline> heap =
      new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));
  private final Map<UUID, Deadline> index = new HashMap<>();

  void add(Deadline deadline) {
    index.put(deadline.jobId(), deadline);
    heap.add(deadline);
  }

  void remove(UUID jobId, int attempt) {
    Deadline current = index.get(jobId);
    if (current != null && current.attempt() == attempt) {
      index.remove(jobId);
    }
  }

  /** Removes and returns the deadlines that have passed at {@code nowMillis}. */
  List<Deadline> expired(long nowMillis) {
    List<Deadline> due = new ArrayList<>();
    while (!heap.isEmpty() && heap.peek().atMillis() <= nowMillis) {
      Deadline head = heap.poll();
      if (index.get(head.jobId()) == head) {
        index.remove(head.jobId());
        due.add(head);
      }
    }
    if (heap.size() > 2 * index.size() + 1024) {
      heap.removeIf(d -> index.get(d.jobId()) != d);
    }
    return due;
  }

  int size() {
    return index.size();
  }
}
