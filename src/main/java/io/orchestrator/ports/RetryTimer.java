package io.orchestrator.ports;

import java.time.Instant;
import java.util.UUID;

/** A job waiting in RETRY_WAIT until {@code dueAt}. */
public record RetryTimer(UUID jobId, Instant dueAt) {}
