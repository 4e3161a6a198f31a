package io.orchestrator.memory;

import io.orchestrator.domain.AttemptOutcome;
import java.time.Instant;
import java.util.UUID;

/** One attempt of a job (the memory twin of a job_assignments row); analytics read these. */
final class MemoryAttempt {
  final UUID jobId;
  final String jobType;
  final int attempt;
  final String workerId;
  final String coordinatorId;
  final Instant queuedAt;
  final Instant assignedAt;
  Instant finishedAt;
  AttemptOutcome outcome;
  String error;

  MemoryAttempt(UUID jobId, String jobType, int attempt, String workerId, String coordinatorId,
      Instant queuedAt, Instant assignedAt) {
    this.jobId = jobId;
    this.jobType = jobType;
    this.attempt = attempt;
    this.workerId = workerId;
    this.coordinatorId = coordinatorId;
    this.queuedAt = queuedAt;
    this.assignedAt = assignedAt;
  }

  void finish(Instant at, AttemptOutcome how, String why) {
    finishedAt = at;
    outcome = how;
    error = why;
  }
}
