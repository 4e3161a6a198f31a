package io.orchestrator.memory;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.RetryTimer;
import io.orchestrator.ports.RunningAttempt;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mutable row of one job inside the memory store. Only touched under the store's lock; callers
 * outside the store only ever see {@link #snapshot()} copies.
 */
final class MemoryJob extends LinkedRows.Row<MemoryJob> {
  final UUID id;
  final MemoryWorkflow workflow;
  final JobSpec spec;
  final Instant createdAt;
  /** Its index in {@code workflow.jobs} (spec order). */
  int position;

  JobState state;
  int attempt;
  int attemptBase;
  /** Dependencies not yet SUCCEEDED: the job is released when this reaches zero. */
  int pendingDeps;
  String workerId;
  io.vertx.core.json.JsonObject result;
  String error;
  Instant queuedAt;
  Instant startedAt;
  Instant finishedAt;
  Instant retryAt;
  /** When the running attempt times out (start + timeout); null unless RUNNING. */
  Instant deadline;
  /** The record of the latest attempt, finished when that attempt ends. */
  MemoryAttempt currentAttempt;

  MemoryJob(UUID id, MemoryWorkflow workflow, JobSpec spec, Instant createdAt) {
    this.id = id;
    this.workflow = workflow;
    this.spec = spec;
    this.createdAt = createdAt;
    this.pendingDeps = spec.dependsOn().size();
  }

  String name() {
    return spec.name();
  }

  Job snapshot() {
    return new Job(id, workflow.id, spec.name(), spec.type(), state, attempt, attemptBase,
        List.copyOf(spec.dependsOn()), spec.queue(), spec.priority(),
        spec.payload() == null ? null : spec.payload().copy(), spec.retry(), spec.timeoutMs(), workerId,
        result == null ? null : result.copy(), error, createdAt, queuedAt, startedAt, finishedAt, retryAt);
  }

  QueuedJob queuedJob() {
    return new QueuedJob(id, workflow.id, spec.queue(), spec.type(), workflow.priority, spec.priority());
  }

  RunningAttempt runningAttempt() {
    return new RunningAttempt(id, workflow.id, attempt, workerId, deadline, spec.timeoutMs());
  }

  RetryTimer retryTimer() {
    return new RetryTimer(id, retryAt);
  }
}
