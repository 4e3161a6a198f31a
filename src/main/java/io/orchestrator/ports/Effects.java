package io.orchestrator.ports;

import io.orchestrator.domain.AuditEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a committed change asks the coordinator to do next: enqueue the released jobs, arm retry
 * timers, tell workers to stop (cancel), and announce state changes. Built by the state store after
 * its transaction committed; mutable only while it is being built.
 */
public final class Effects {
  /** A job to stop on its worker. */
  public record CancelOrder(UUID jobId, int attempt, String workerId, String reason) {}

  /** A workflow that reached a terminal state. */
  public record Finished(UUID workflowId, String state) {}

  public final List<QueuedJob> ready;
  public final List<RetryTimer> retries = new ArrayList<>();
  public final List<CancelOrder> cancels = new ArrayList<>();
  public final List<Finished> finished = new ArrayList<>();
  /**
   * State changes to publish: the audit rows written (their public form is {@link AuditEvent#toJson},
   * built only when somebody listens to the change feed).
   */
  public final List<AuditEvent> changes;
  /**
   * Attempts started in the same transaction (the local fast path, {@link EagerStarts}): already
   * RUNNING and audited; the scheduler records and pushes them. Never in {@link #ready}.
   */
  public final List<Assignment> started = new ArrayList<>();

  public Effects() {
    ready = new ArrayList<>();
    changes = new ArrayList<>();
  }

  /** Sized for what {@link #addAll} will gather: a merge of many does not grow its lists step by step. */
  public Effects(int readyCapacity, int changesCapacity) {
    ready = new ArrayList<>(readyCapacity);
    changes = new ArrayList<>(changesCapacity);
  }

  /** Records attempts that this change started itself: added to {@link #started}, gone from {@link #ready}. */
  public void markStarted(List<Assignment> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    Set<UUID> ids = new HashSet<>();
    attempts.forEach(a -> ids.add(a.jobId()));
    started.addAll(attempts);
    ready.removeIf(job -> ids.contains(job.jobId()));
  }

  /**
   * Adds {@code other}'s effects. Empty lists are skipped: {@code ArrayList.addAll} copies even an
   * empty list to an array, and a batch of 500 submissions merged 3,000 of them (docs/performance.md,
   * eighth round).
   */
  public Effects addAll(Effects other) {
    addAll(ready, other.ready);
    addAll(retries, other.retries);
    addAll(cancels, other.cancels);
    addAll(finished, other.finished);
    addAll(changes, other.changes);
    addAll(started, other.started);
    return this;
  }

  private static <T> void addAll(List<T> to, List<T> from) {
    if (!from.isEmpty()) {
      to.addAll(from);
    }
  }

  public boolean isEmpty() {
    return ready.isEmpty() && retries.isEmpty() && cancels.isEmpty() && finished.isEmpty() && changes.isEmpty()
        && started.isEmpty();
  }
}
