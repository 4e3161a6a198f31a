package io.orchestrator.monitoring;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One timer for all retry backoffs: it is always set for the earliest due time, and on firing it
 * releases every retry that is due (the store finds them), then re-arms for the next.
 */
final class RetryAlarm {
  private final Vertx vertx;
  private final Supplier<Future<Void>> release;
  private final TreeSet<Long> dueTimes = new TreeSet<>();
  private long timerId = -1;
  private long armedFor = Long.MAX_VALUE;

  RetryAlarm(Vertx vertx, Supplier<Future<Void>> release) {
    this.vertx = vertx;
    this.release = release;
  }

  void arm(Instant dueAt) {
    dueTimes.add(dueAt.toEpochMilli());
    schedule();
  }

  private void schedule() {
    if (dueTimes.isEmpty()) {
      return;
    }
    long first = dueTimes.first();
    if (timerId >= 0 && armedFor <= first) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    armedFor = first;
    timerId = vertx.setTimer(Math.max(1, first - System.currentTimeMillis()), id -> fire());
  }

  private void fire() {
    timerId = -1;
    armedFor = Long.MAX_VALUE;
    long now = System.currentTimeMillis();
    dueTimes.headSet(now, true).clear();
    release.get().onComplete(ar -> schedule());
  }
}
