package io.orchestrator.testsupport;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting on the JUnit thread (never on an event loop) for the port contracts and the
 * tests that share their style: a failure or a timeout becomes an {@link AssertionError}.
 */
public final class Await {
  private static final long ANSWER_SECONDS = 20;
  private static final long EVENTUALLY_SECONDS = 10;

  private Await() {}

  /** The result of {@code future}, waited for at most 20 s. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed or timed out", e);
    }
  }

  /** Polls until {@code condition} holds, for at most 10 s (waits out an expiry or a delivery). */
  public static void eventually(BooleanSupplier condition) {
    eventuallyNonNull(() -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** Retries {@code attempt} until it yields non-null, for at most 10 s, and returns that value. */
  public static <T> T eventuallyNonNull(Supplier<T> attempt) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENTUALLY_SECONDS);
    for (T value = attempt.get(); ; value = attempt.get()) {
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + EVENTUALLY_SECONDS + " s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
