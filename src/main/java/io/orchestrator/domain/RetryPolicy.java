package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** Exponential backoff: attempt n+1 waits initialDelay * multiplier^(n-1), capped at maxDelay. */
public record RetryPolicy(int maxAttempts, long initialDelayMs, double multiplier, long maxDelayMs) {

  public static final RetryPolicy NONE = new RetryPolicy(1, 200, 2.0, 10_000);

  /** Delay before the attempt that follows {@code failedAttempt} (1-based, counted in this run). */
  public long delayAfter(int failedAttempt) {
    double delay = initialDelayMs * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
    return (long) Math.min(delay, (double) maxDelayMs);
  }

  /** The policy's JSON (API.md: {@code retry}), the only place its fields are listed. */
  public void writeJson(JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeNumberField("max_attempts", maxAttempts);
    out.writeNumberField("initial_delay_ms", initialDelayMs);
    out.writeNumberField("multiplier", multiplier);
    out.writeNumberField("max_delay_ms", maxDelayMs);
    out.writeEndObject();
  }

  public static RetryPolicy fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    return new RetryPolicy(
        json.getInteger("max_attempts", NONE.maxAttempts),
        json.getLong("initial_delay_ms", NONE.initialDelayMs),
        json.getDouble("multiplier", NONE.multiplier),
        json.getLong("max_delay_ms", NONE.maxDelayMs));
  }
}
