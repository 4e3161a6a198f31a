package io.orchestrator.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The HTTP calls the bench makes. A Vert.x client on one event loop does the I/O (java.net.http cost
 * more CPU per request than the coordinator spent on it, on a 2-core machine); the bench's main thread
 * blocks on the results, which is fine there: it is not an event loop.
 */
final class Api implements AutoCloseable {
  private static final int TIMEOUT_MS = 30_000;

  record Response(int status, String body, String location) {}

  /** What a batch of concurrent submissions gave: ids in submission order, timings and failures. */
  record Submitted(List<String> ids, long startNanos, long endNanos, int failures, String firstError) {
    double perSecond() {
      return ids.size() / Math.max(1e-9, (endNanos - startNanos) / 1e9);
    }
  }

  private final int port;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
      .setInternalBlockingPoolSize(1));
  private final HttpClientAgent http;
  private final Context context = vertx.getOrCreateContext();

  Api(int port, int maxConnections) {
    this.port = port;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(maxConnections));
  }

  boolean healthy() {
    try {
      return call(HttpMethod.GET, "/health", null).status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  int workerCount() {
    try {
      Response r = call(HttpMethod.GET, "/api/v1/workers", null);
      return r.status() == 200 ? new JsonObject(r.body()).getJsonArray("items").size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** True while at least one workflow is RUNNING. */
  boolean anyRunning() throws IOException {
    Response r = call(HttpMethod.GET, "/api/v1/workflows?state=RUNNING&limit=1", null);
    if (r.status() != 200) {
      throw new IOException("GET /api/v1/workflows answered " + r.status() + ": " + abbreviate(r.body()));
    }
    return !new JsonObject(r.body()).getJsonArray("items", new JsonArray()).isEmpty();
  }

  /** POSTs every body with at most {@code inFlight} requests at once; ids come from the Location header. */
  Submitted submitAll(List<String> bodies, int inFlight) throws InterruptedException {
    List<Buffer> requests = bodies.stream().map(Buffer::buffer).toList();
    return post("/api/v1/workflows", requests, inFlight, r -> r.status() == 201 && r.location() != null
        ? List.of(r.location().substring(r.location().lastIndexOf('/') + 1)) : null);
  }

  /**
   * POSTs the bodies {@code perBatch} at a time to the batch endpoint, at most {@code inFlight}
   * requests at once; ids come from the answers' items, in order.
   */
  Submitted submitBatches(List<String> bodies, int perBatch, int inFlight) throws InterruptedException {
    List<Buffer> requests = new ArrayList<>();
    for (int from = 0; from < bodies.size(); from += perBatch) {
      requests.add(Buffer.buffer("{\"workflows\":[" + String.join(",", bodies.subList(from, Math.min(bodies.size(), from + perBatch))) + "]}"));
    }
    return post("/api/v1/workflows/batch", requests, inFlight, r -> {
      if (r.status() != 201) {
        return null;
      }
      List<String> ids = new ArrayList<>();
      new JsonObject(r.body()).getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("id")));
      return ids;
    });
  }

  /** POSTs each request body to {@code uri}; {@code ids} reads an answer's ids, null when it is a failure. */
  private Submitted post(String uri, List<Buffer> requests, int inFlight, Function<Response, List<String>> ids)
      throws InterruptedException {
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    List<List<String>> results = runAll(requests.size(), inFlight, i -> send(HttpMethod.POST, uri, requests.get(i)),
        r -> {
          List<String> got = ids.apply(r);
          if (got == null) {
            failures.incrementAndGet();
            firstError.compareAndSet(null, "HTTP " + r.status() + ": " + abbreviate(r.body()));
          }
          return got;
        }, failures, firstError);
    long end = System.nanoTime();
    List<String> all = new ArrayList<>();
    results.stream().filter(java.util.Objects::nonNull).forEach(all::addAll);
    return new Submitted(all, start, end, failures.get(), firstError.get());
  }

  /** GETs every workflow (with its jobs); any that cannot be read is an IOException. */
  List<JsonObject> workflows(List<String> ids, int inFlight) throws IOException, InterruptedException {
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<JsonObject> out = runAll(ids.size(), inFlight, i -> send(HttpMethod.GET, "/api/v1/workflows/" + ids.get(i), null),
        r -> {
          if (r.status() == 200) {
            return new JsonObject(r.body());
          }
          failures.incrementAndGet();
          firstError.compareAndSet(null, "HTTP " + r.status() + ": " + abbreviate(r.body()));
          return null;
        }, failures, firstError);
    if (failures.get() > 0) {
      throw new IOException(failures.get() + " workflows could not be read; first: " + firstError.get());
    }
    return out;
  }

  private <T> List<T> runAll(int n, int inFlight, Function<Integer, Future<Response>> request,
                             Function<Response, T> map, AtomicInteger failures, AtomicReference<String> firstError)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(n);
    List<T> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(n, null)));
    for (int i = 0; i < n; i++) {
      permits.acquire();
      int index = i;
      request.apply(i).onComplete(ar -> {
        try {
          if (ar.failed()) {
            failures.incrementAndGet();
            firstError.compareAndSet(null, ar.cause().toString());
          } else {
            results.set(index, map.apply(ar.result()));
          }
        } finally {
          permits.release();
          done.countDown();
        }
      });
    }
    done.await();
    return new ArrayList<>(results);
  }

  /**
   * Every request starts on the client's own event loop: started from the main thread, an occasional
   * request was never answered (seen with W3; the coordinator had answered every request it got).
   */
  private Future<Response> send(HttpMethod method, String uri, Buffer body) {
    Promise<Response> promise = Promise.promise();
    context.runOnContext(v -> sendOnLoop(method, uri, body).onComplete(promise));
    return promise.future();
  }

  private Future<Response> sendOnLoop(HttpMethod method, String uri, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .setIdleTimeout(TIMEOUT_MS);
    return http.request(options).compose(req -> {
      if (body == null) {
        return req.send();
      }
      return req.putHeader("Content-Type", "application/json").send(body);
    }).compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), b.toString(), resp.getHeader("Location"))));
  }

  private Response call(HttpMethod method, String uri, Buffer body) throws IOException {
    try {
      return send(method, uri, body).toCompletionStage().toCompletableFuture().get(TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(uri + ": " + cause, cause);
    }
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing the bench's own client at the end of a run: nothing depends on it any more.
      System.err.println("bench: closing the HTTP client: " + e);
    }
  }
}
