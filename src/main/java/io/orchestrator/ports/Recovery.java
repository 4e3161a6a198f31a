package io.orchestrator.ports;

import java.util.List;

/** What a starting coordinator must re-arm from the store: queued jobs, running attempts, retry timers. */
public record Recovery(List<QueuedJob> queued, List<RunningAttempt> running, List<RetryTimer> retries) {}
