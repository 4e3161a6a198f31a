package io.orchestrator.ports;

import java.time.Instant;

/**
 * A granted lock. {@code fencingToken} grows with every grant of the same lock name, so a holder
 * that was paused past its expiry carries a smaller token than the next holder.
 */
public record Lease(String name, String owner, long fencingToken, Instant expiresAt) {}
