package io.orchestrator.worker;

import java.util.concurrent.ThreadLocalRandom;

/** Reconnect delays: exponential from {@code initialMs} to {@code maxMs}, each jittered ±50%. */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private int failures;

  Backoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  long nextDelayMs() {
    long base = Math.min(maxMs, initialMs << Math.min(failures, 20));
    failures++;
    double jitter = 0.5 + ThreadLocalRandom.current().nextDouble(); // [0.5, 1.5)
    return Math.max(1, (long) (base * jitter));
  }

  void reset() {
    failures = 0;
  }
}
