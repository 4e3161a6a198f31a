package io.orchestrator.ports;

import java.time.Instant;
import java.util.UUID;

/** A job RUNNING on a worker: what the coordinator needs to watch its deadline or reap it. */
public record RunningAttempt(UUID jobId, UUID workflowId, int attempt, String workerId, Instant deadline, long timeoutMs) {}
