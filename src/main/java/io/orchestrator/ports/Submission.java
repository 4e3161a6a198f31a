package io.orchestrator.ports;

import io.orchestrator.domain.Workflow;

/** The answer to a submission: the workflow, and whether this call created it (else: same idempotency key). */
public record Submission(Workflow workflow, boolean created, Effects effects) {}
