package io.orchestrator.domain;

import java.util.EnumSet;
import java.util.Set;

/** The states of a job; {@link #canMoveTo} is the one place that says which transitions are allowed. */
public enum JobState {
  BLOCKED, QUEUED, RUNNING, RETRY_WAIT, SUCCEEDED, FAILED, CANCELLED, SKIPPED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED;
  }

  /** Terminal states that a workflow retry re-runs. */
  public boolean isRetriable() {
    return this == FAILED || this == CANCELLED || this == SKIPPED;
  }

  public boolean canMoveTo(JobState next) {
    return allowedNext().contains(next);
  }

  public Set<JobState> allowedNext() {
    return switch (this) {
      case BLOCKED -> EnumSet.of(QUEUED, SKIPPED, CANCELLED);
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
      // RUNNING -> QUEUED is a retry without backoff delay.
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, RETRY_WAIT, QUEUED, CANCELLED);
      case RETRY_WAIT -> EnumSet.of(QUEUED, CANCELLED);
      case SUCCEEDED -> EnumSet.noneOf(JobState.class);
      // A workflow retry puts failed, cancelled and skipped jobs back in line.
      case FAILED, CANCELLED, SKIPPED -> EnumSet.of(BLOCKED, QUEUED);
    };
  }
}
