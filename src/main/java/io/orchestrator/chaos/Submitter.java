package io.orchestrator.chaos;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits the load at a steady rate on its own thread, round-robin over the coordinators. A refused,
 * timed-out or 5xx submission is tried on the next coordinator with the same Idempotency-Key, so a
 * fault never loses or doubles a workflow.
 */
final class Submitter implements Runnable {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Workload workload;
  private final List<Integer> ports;
  private final int total;
  private final double perSecond;
  private final String runId;
  private final long deadlineNanos;
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicInteger retriedSubmissions = new AtomicInteger();
  private volatile String failure;
  private volatile long advanceNanos;
  /** A coordinator that failed a submission is skipped for a while (it may be paused or restarting). */
  private static final long SUSPECT_NANOS = 3_000_000_000L;
  private final long[] suspectUntil;

  Submitter(Workload workload, List<Integer> ports, int total, double perSecond, String runId, long deadlineNanos) {
    this.workload = workload;
    this.ports = List.copyOf(ports);
    this.total = total;
    this.perSecond = perSecond;
    this.runId = runId;
    this.deadlineNanos = deadlineNanos;
    this.suspectUntil = new long[ports.size()];
  }

  /** Submits the next {@code n} workflows at once (moves the schedule forward; the total stays the same). */
  void burst(int n) {
    advanceNanos += (long) (n * 1e9 / perSecond);
  }

  int submitted() {
    return submitted.get();
  }

  int retriedSubmissions() {
    return retriedSubmissions.get();
  }

  /** Why the submitter gave up (null when it did not). */
  String failure() {
    return failure;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    for (int i = 0; i < total && !Thread.currentThread().isInterrupted(); i++) {
      long due = start - advanceNanos + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      try {
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        submit(i, workload.workflow(i).encode());
        submitted.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failure = "workflow " + i + ": " + e.getMessage();
        return;
      }
    }
  }

  private void submit(int i, String body) throws InterruptedException {
    String lastError = null;
    for (int tries = 0; System.nanoTime() < deadlineNanos; tries++) {
      int index = (i + tries) % ports.size();
      if (tries < ports.size() && System.nanoTime() < suspectUntil[index]) {
        continue;
      }
      int port = ports.get(index);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workflows"))
          .timeout(Duration.ofSeconds(2))
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", "chaos-" + runId + "-" + i)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 || response.statusCode() == 201) {
          new JsonObject(response.body()).getString("id");
          return;
        }
        if (response.statusCode() < 500) {
          throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        lastError = "HTTP " + response.statusCode();
      } catch (java.io.IOException e) {
        lastError = e.toString();
      }
      suspectUntil[index] = System.nanoTime() + SUSPECT_NANOS;
      retriedSubmissions.incrementAndGet();
      Thread.sleep(tries < 3 ? 50 : 250);
    }
    throw new IllegalStateException("not accepted before the deadline (last error: " + lastError + ")");
  }
}
