package io.orchestrator.coordinator;

import io.orchestrator.domain.Limits;
import java.time.Duration;

/** What the coordinator's verticles need to know of the configuration. */
public record CoordinatorSettings(
    String httpHost,
    int httpPort,
    String apiToken,
    String workerToken,
    Duration heartbeatInterval,
    Duration heartbeatTtl,
    long bodyLimitBytes,
    Limits limits,
    Duration sweepInterval,
    int localWorkers) {}
