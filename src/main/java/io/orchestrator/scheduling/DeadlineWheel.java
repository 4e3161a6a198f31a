package io.orchestrator.scheduling;

import io.orchestrator.domain.Deadlines;
import java.util.List;
import java.util.UUID;

/**
 * The deadlines of running attempts, checked by one periodic tick instead of a timer per job
 * ({@link Deadlines}); a job's deadline is stopped only by the attempt it belongs to.
 */
final class DeadlineWheel {
  record Deadline(UUID jobId, int attempt, String workerId, long atMillis, long timeoutMs) {}

  private final Deadlines<UUID, Deadline> deadlines = new Deadlines<>();

  void add(Deadline deadline) {
    deadlines.put(deadline.jobId(), deadline, deadline.atMillis());
  }

  void remove(UUID jobId, int attempt) {
    Deadline current = deadlines.get(jobId);
    if (current != null && current.attempt() == attempt) {
      deadlines.remove(jobId);
    }
  }

  /** Removes and returns the deadlines that have passed at {@code nowMillis}. */
  List<Deadline> expired(long nowMillis) {
    return deadlines.expired(nowMillis);
  }

  int size() {
    return deadlines.size();
  }
}
