package io.orchestrator.ports;

import java.util.UUID;

/** The job that a queue would hand out next: its score ({@link QueuedJob#score()}) and id. */
public record QueueHead(double score, UUID jobId) {}
