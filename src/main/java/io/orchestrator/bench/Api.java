package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** The HTTP calls the bench makes, blocking (this is a plain main thread, not an event loop). */
final class Api {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  Api(String base) {
    this.base = base;
  }

  /** What a batch of concurrent submissions gave: ids in submission order, timings and failures. */
  record Submitted(List<String> ids, long startNanos, long endNanos, int failures, String firstError) {
    double perSecond() {
      return ids.size() / Math.max(1e-9, (endNanos - startNanos) / 1e9);
    }
  }

  boolean healthy() {
    try {
      return send(get("/health")).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  int workerCount() {
    try {
      HttpResponse<String> r = send(get("/api/v1/workers"));
      return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonArray("items").size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** True while at least one workflow is RUNNING. */
  boolean anyRunning() throws IOException {
    HttpResponse<String> r = send(get("/api/v1/workflows?state=RUNNING&limit=1"));
    if (r.statusCode() != 200) {
      throw new IOException("GET /api/v1/workflows answered " + r.statusCode() + ": " + r.body());
    }
    return !new JsonObject(r.body()).getJsonArray("items", new JsonArray()).isEmpty();
  }

  /** POSTs every body with at most {@code inFlight} requests at once. */
  Submitted submitAll(List<String> bodies, int inFlight) throws InterruptedException {
    List<HttpRequest> requests = bodies.stream().map(b -> HttpRequest.newBuilder(URI.create(base + "/api/v1/workflows"))
        .timeout(TIMEOUT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(b)).build()).toList();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    List<String> results = runAll(requests, inFlight, (HttpResponse<String> r) -> {
      if (r.statusCode() == 201) {
        return new JsonObject(r.body()).getString("id");
      }
      failures.incrementAndGet();
      firstError.compareAndSet(null, "HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
      return null;
    }, failures, firstError);
    long end = System.nanoTime();
    List<String> ids = results.stream().filter(java.util.Objects::nonNull).toList();
    return new Submitted(ids, start, end, failures.get(), firstError.get());
  }

  /** GETs every workflow (with its jobs); a missing one is an IOException. */
  List<JsonObject> workflows(List<String> ids, int inFlight) throws IOException, InterruptedException {
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<HttpRequest> requests = ids.stream().map(id -> get("/api/v1/workflows/" + id)).toList();
    List<JsonObject> out = runAll(requests, inFlight, (HttpResponse<String> r) -> {
      if (r.statusCode() == 200) {
        return new JsonObject(r.body());
      }
      failures.incrementAndGet();
      firstError.compareAndSet(null, "HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
      return null;
    }, failures, firstError);
    if (failures.get() > 0) {
      throw new IOException(failures.get() + " workflows could not be read; first: " + firstError.get());
    }
    return out;
  }

  private <T> List<T> runAll(List<HttpRequest> requests, int inFlight, Function<HttpResponse<String>, T> map,
                             AtomicInteger failures, AtomicReference<String> firstError) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    List<T> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(requests.size(), null)));
    List<CompletableFuture<?>> pending = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      permits.acquire();
      int index = i;
      pending.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.ofString())
          .handle((response, error) -> {
            permits.release();
            if (error != null) {
              failures.incrementAndGet();
              firstError.compareAndSet(null, error.toString());
            } else {
              results.set(index, map.apply(response));
            }
            return null;
          }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return new ArrayList<>(results);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
