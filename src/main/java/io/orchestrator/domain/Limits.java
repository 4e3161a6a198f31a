package io.orchestrator.domain;

/**
 * Bounds on what one submission may ask for. They protect the coordinator (memory, transaction
 * size) and keep queue entries small; the HTTP body limit is enforced separately, before parsing.
 *
 * @param maxJobs jobs per workflow
 * @param maxPayloadBytes size of one job's payload, measured as compact encoded JSON (UTF-8)
 * @param defaultTimeoutMs a job's timeout when the submission gives none
 */
public record Limits(int maxJobs, long maxPayloadBytes, long defaultTimeoutMs) {

  /** 50,000 jobs leaves room for the 20,000-job benchmark workflow. */
  public static final Limits DEFAULTS = new Limits(50_000, 1024 * 1024, 300_000);

  public Limits {
    if (maxJobs < 1) {
      throw new IllegalArgumentException("maxJobs must be >= 1, got " + maxJobs);
    }
    if (maxPayloadBytes < 2) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 2 (\"{}\"), got " + maxPayloadBytes);
    }
    if (defaultTimeoutMs < 1 || defaultTimeoutMs > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("defaultTimeoutMs must be in [1, " + Integer.MAX_VALUE + "], got " + defaultTimeoutMs);
    }
  }
}
