package io.orchestrator.domain;

/** How one attempt (one row of job_assignments) ended. */
public enum AttemptOutcome {
  SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST
}
