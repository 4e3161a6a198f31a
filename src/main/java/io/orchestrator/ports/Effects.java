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

  public final List<QueuedJob> ready = new ArrayList<>();
  public final List<RetryTimer> retries = new ArrayList<>();
  public final List<CancelOrder> cancels = new ArrayList<>();
  public final List<Finished> finished = new ArrayList<>();
  /**
   * State changes to publish: the audit rows written (their public form is {@link AuditEvent#toJson},
   * built only when somebody listens to the change feed).
   */
  public final List<AuditEvent> changes = new ArrayList<>();
  /**
   * Attempts started in the same transaction (the local fast path, {@link EagerStarts}): already
   * RUNNING and audited; the scheduler records and pushes them. Never in {@link #ready}.
   */
  public final List<Assignment> started = new ArrayList<>();

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

  public Effects addAll(Effects other) {
    ready.addAll(other.ready);
    retries.addAll(other.retries);
    cancels.addAll(other.cancels);
    finished.addAll(other.finished);
    changes.addAll(other.changes);
    started.addAll(other.started);
    return this;
  }

  public boolean isEmpty() {
    return ready.isEmpty() && retries.isEmpty() && cancels.isEmpty() && finished.isEmpty() && changes.isEmpty()
        && started.isEmpty();
  }
}
