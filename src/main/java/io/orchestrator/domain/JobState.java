package io.orchestrator.domain;

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

  /** Answered without building a set: it is asked at every transition (docs/performance.md, eighth round). */
  public boolean canMoveTo(JobState next) {
    return switch (this) {
      case BLOCKED -> next == QUEUED || next == SKIPPED || next == CANCELLED;
      case QUEUED -> next == RUNNING || next == CANCELLED;
      // RUNNING -> QUEUED is a retry without backoff delay.
      case RUNNING -> next == SUCCEEDED || next == FAILED || next == RETRY_WAIT || next == QUEUED || next == CANCELLED;
      case RETRY_WAIT -> next == QUEUED || next == CANCELLED;
      case SUCCEEDED -> false;
      // A workflow retry puts failed, cancelled and skipped jobs back in line.
      case FAILED, CANCELLED, SKIPPED -> next == BLOCKED || next == QUEUED;
    };
  }
}
