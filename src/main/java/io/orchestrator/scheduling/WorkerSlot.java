package io.orchestrator.scheduling;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One connected worker as the scheduler sees it: what it serves, how many jobs it may run, and the
 * attempts it runs now. Confined to the scheduler's event loop.
 */
final class WorkerSlot {
  final String id;
  final String sessionId;
  final List<String> queues;
  final Set<String> types;
  final int concurrency;
  /** Running attempts: job id → attempt number. Change it through {@link #run} and {@link #finish}. */
  final Map<UUID, Integer> running = new HashMap<>();
  /** When this coordinator began to count each running attempt (ms), for reconciling with heartbeats. */
  private final Map<UUID, Long> since = new HashMap<>();
  /**
   * Running jobs whose success releases no other job at once (none depends on them, or those that do
   * wait for others too): their slot may be refilled as soon as they are reported.
   */
  private final Set<UUID> leaves = new HashSet<>();
  /** Slots promised to jobs claimed but not yet started. */
  int reserved;
  boolean draining;

  WorkerSlot(String id, String sessionId, List<String> queues, Set<String> types, int concurrency) {
    this.id = id;
    this.sessionId = sessionId;
    this.queues = List.copyOf(queues);
    this.types = Set.copyOf(types);
    this.concurrency = concurrency;
  }

  int free() {
    return draining ? 0 : Math.max(0, concurrency - running.size() - reserved);
  }

  void run(UUID jobId, int attempt, long nowMillis) {
    run(jobId, attempt, nowMillis, false);
  }

  /** @param leaf this job's success releases no other job at once (false when unknown) */
  void run(UUID jobId, int attempt, long nowMillis, boolean leaf) {
    running.put(jobId, attempt);
    since.put(jobId, nowMillis);
    if (leaf) {
      leaves.add(jobId);
    } else {
      leaves.remove(jobId);
    }
  }

  /** Frees the slot of this attempt if its job is a leaf (see {@link #leaves}); false when it did not (see {@link #finish}). */
  boolean finishLeaf(UUID jobId, int attempt) {
    return leaves.contains(jobId) && finish(jobId, attempt);
  }

  /** Frees the slot of this attempt; false when the worker was not running it. */
  boolean finish(UUID jobId, int attempt) {
    Integer current = running.get(jobId);
    if (current != null && current == attempt) {
      running.remove(jobId);
      since.remove(jobId);
      leaves.remove(jobId);
      return true;
    }
    return false;
  }

  /**
   * The attempts counted here for longer than {@code graceMillis} that the worker's heartbeat does
   * not list: it never got them (an assignment lost with a coordinator) or lost them.
   */
  Map<UUID, Integer> missingFrom(Set<UUID> reported, long nowMillis, long graceMillis) {
    Map<UUID, Integer> missing = new HashMap<>();
    running.forEach((jobId, attempt) -> {
      if (!reported.contains(jobId) && since.getOrDefault(jobId, nowMillis) < nowMillis - graceMillis) {
        missing.put(jobId, attempt);
      }
    });
    return missing;
  }
}
