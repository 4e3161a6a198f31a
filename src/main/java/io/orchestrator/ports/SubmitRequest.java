package io.orchestrator.ports;

import io.orchestrator.domain.WorkflowSpec;

/**
 * One workflow to store, with the client's idempotency key (null: none). {@code withJobs}: whether
 * the caller needs the stored workflow's jobs back in its {@link Submission} (a batch answers
 * without them); a store may leave them out when false.
 */
public record SubmitRequest(WorkflowSpec spec, String idempotencyKey, boolean withJobs) {

  public SubmitRequest(WorkflowSpec spec, String idempotencyKey) {
    this(spec, idempotencyKey, true);
  }
}
