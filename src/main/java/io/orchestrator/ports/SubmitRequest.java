package io.orchestrator.ports;

import io.orchestrator.domain.WorkflowSpec;

/** One workflow to store, with the client's idempotency key (null: none). */
public record SubmitRequest(WorkflowSpec spec, String idempotencyKey) {}
