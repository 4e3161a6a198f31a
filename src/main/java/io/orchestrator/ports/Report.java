package io.orchestrator.ports;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The end of an attempt, as reported by a worker ({@code COMPLETE}, {@code FAIL}) or decided by the
 * coordinator ({@code TIMEOUT}, {@code LOST}). Applied only when the job is RUNNING with exactly this
 * attempt on exactly this worker.
 */
public record Report(
    Kind kind, UUID jobId, int attempt, String workerId, JsonObject result, String error, boolean retryable) {

  public enum Kind { COMPLETE, FAIL, TIMEOUT, LOST }

  public static Report complete(UUID jobId, int attempt, String workerId, JsonObject result) {
    return new Report(Kind.COMPLETE, jobId, attempt, workerId, result, null, false);
  }

  public static Report fail(UUID jobId, int attempt, String workerId, String error, boolean retryable) {
    return new Report(Kind.FAIL, jobId, attempt, workerId, null, error, retryable);
  }

  public static Report timeout(UUID jobId, int attempt, String workerId, long timeoutMs) {
    return new Report(Kind.TIMEOUT, jobId, attempt, workerId, null, "timed out after " + timeoutMs + " ms", true);
  }

  public static Report lost(UUID jobId, int attempt, String workerId, String why) {
    return new Report(Kind.LOST, jobId, attempt, workerId, null, why, true);
  }
}
