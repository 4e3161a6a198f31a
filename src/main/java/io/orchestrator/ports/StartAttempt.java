package io.orchestrator.ports;

import java.util.UUID;

/** A request to start the next attempt of a QUEUED job on a worker. */
public record StartAttempt(UUID jobId, String workerId) {}
