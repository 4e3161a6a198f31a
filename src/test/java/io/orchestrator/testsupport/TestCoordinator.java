package io.orchestrator.testsupport;

import io.orchestrator.config.AppConfig;
import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.config.RedisUrl;
import io.orchestrator.coordinator.Coordinator;
import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.CoordinatorSettings;
import io.orchestrator.coordinator.Services;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.domain.Limits;
import io.orchestrator.worker.BuiltinHandlers;
import io.orchestrator.worker.HandlerRegistry;
import io.orchestrator.worker.WorkerOptions;
import io.orchestrator.worker.WorkerRuntime;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A real coordinator (all verticles, real HTTP and WebSocket on a loopback port) for end-to-end
 * tests, with blocking helpers for the test thread. Heartbeats are fast (interval 200 ms, TTL 1 s)
 * so that presence lapses within a test.
 */
public final class TestCoordinator implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(30);

  public final Vertx vertx;
  public final Coordinator coordinator;
  private final WebClient web;
  private final List<WorkerRuntime> workers = new ArrayList<>();
  private final List<Vertx> isolated = new ArrayList<>();

  private TestCoordinator(Vertx vertx, Coordinator coordinator) {
    this.vertx = vertx;
    this.coordinator = coordinator;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(coordinator.port()));
  }

  public static CoordinatorSettings settings(String apiToken, String workerToken, Limits limits, long bodyLimit) {
    return new CoordinatorSettings("127.0.0.1", 0, apiToken, workerToken, Duration.ofMillis(200),
        Duration.ofMillis(1000), bodyLimit, limits, Duration.ofMillis(500), 0);
  }

  public static TestCoordinator memory() {
    return start(settings(null, null, Limits.DEFAULTS, 1024 * 1024),
        (v, s) -> ServicesFactory.memory(v, "coordinator-test", s, CoordinatorMetrics.create()));
  }

  /**
   * A coordinator on PostgreSQL ({@code database}, already migrated) and, when {@code redis} is not
   * null, Redis with keys under {@code redisPrefix}. {@code port} 0 picks a free one.
   */
  public static TestCoordinator durable(String coordinatorId, int port, DatabaseUrl database, RedisUrl redis, String redisPrefix) {
    CoordinatorSettings settings = new CoordinatorSettings("127.0.0.1", port, null, null, Duration.ofMillis(200),
        Duration.ofMillis(1000), 1024 * 1024, Limits.DEFAULTS, Duration.ofMillis(500), 0);
    AppConfig config = AppConfig.defaults().withOverrides(new JsonObject()
        .put("coordinator_id", coordinatorId).put("migrate_on_start", false).put("db_pool_size", 4));
    Vertx vertx = Vertx.vertx();
    try {
      Services services = await(ServicesFactory.durable(vertx, config, database, redis, redisPrefix, settings,
          CoordinatorMetrics.create()));
      return new TestCoordinator(vertx, await(Coordinator.deploy(vertx, services)));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Ends this coordinator abruptly: its Vertx closes without stopping anything first (like kill -9). */
  public void crash() {
    await(vertx.close());
  }

  /** A free loopback port, for coordinators that workers must find again after a restart. */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestCoordinator start(CoordinatorSettings settings, BiFunction<Vertx, CoordinatorSettings, Services> services) {
    Vertx vertx = Vertx.vertx();
    try {
      Coordinator coordinator = await(Coordinator.deploy(vertx, services.apply(vertx, settings)));
      return new TestCoordinator(vertx, coordinator);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + coordinator.port();
  }

  /** A worker on this test's Vertx, with the built-in handlers plus {@code extra}, connected. */
  public WorkerRuntime worker(String name, int concurrency, HandlerRegistry extra) {
    return connect(vertx, name, concurrency, extra, null);
  }

  /** A worker on a Vertx of its own: {@link Isolated#kill()} ends it without a drain, like kill -9. */
  public Isolated isolatedWorker(String name, int concurrency, HandlerRegistry extra) {
    return isolatedWorker(name, concurrency, extra, List.of(wsUrl()));
  }

  /** An isolated worker that knows several coordinators (it fails over across {@code urls}). */
  public Isolated isolatedWorker(String name, int concurrency, HandlerRegistry extra, List<String> urls) {
    Vertx own = Vertx.vertx();
    isolated.add(own);
    return new Isolated(connect(own, name, concurrency, extra, null, urls), own);
  }

  /** A worker with its own Vertx. */
  public record Isolated(WorkerRuntime runtime, Vertx vertx) {
    public void kill() {
      await(vertx.close());
    }
  }

  public WorkerRuntime connect(Vertx on, String name, int concurrency, HandlerRegistry extra, String token) {
    return connect(on, name, concurrency, extra, token, List.of(wsUrl()));
  }

  public WorkerRuntime connect(Vertx on, String name, int concurrency, HandlerRegistry extra, String token, List<String> urls) {
    HandlerRegistry registry = new HandlerRegistry();
    BuiltinHandlers.register(registry, false);
    if (extra != null) {
      extra.types().forEach(type -> registry.register(type, extra.get(type)));
    }
    WorkerOptions options = WorkerOptions.of(urls, name, token).withConcurrency(concurrency);
    WorkerRuntime worker = new WorkerRuntime(on, options, registry);
    await(worker.start());
    eventually("worker " + name + " connected", worker::isConnected);
    workers.add(worker);
    return worker;
  }

  public HttpResponse<Buffer> request(String method, String path, Buffer body, MultiMap headers) {
    var request = web.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
    if (headers != null) {
      request.putHeaders(headers);
    }
    return await(body == null ? request.send() : request.sendBuffer(body));
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return request("POST", path, body == null ? null : body.toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"));
  }

  public JsonObject submit(JsonObject workflow) {
    HttpResponse<Buffer> response = post("/api/v1/workflows", workflow);
    if (response.statusCode() != 201) {
      throw new AssertionError("submit answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public JsonObject get(String path) {
    HttpResponse<Buffer> response = request("GET", path, null, null);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public JsonObject workflow(String id) {
    return get("/api/v1/workflows/" + id);
  }

  /** Polls the workflow until {@code done} holds (bounded by {@link #WAIT}). */
  public JsonObject awaitWorkflow(String id, Predicate<JsonObject> done) {
    JsonObject[] last = new JsonObject[1];
    eventually("workflow " + id + " to reach the expected state", () -> done.test(last[0] = workflow(id)));
    return last[0];
  }

  public JsonObject awaitTerminal(String id) {
    return awaitWorkflow(id, w -> !"RUNNING".equals(w.getString("state")));
  }

  public static JsonObject job(JsonObject workflow, String name) {
    return workflow.getJsonArray("jobs").stream().map(JsonObject.class::cast)
        .filter(j -> name.equals(j.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no job " + name));
  }

  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Override
  public void close() {
    for (Vertx own : isolated) {
      try {
        await(own.close());
      } catch (RuntimeException ignored) {
        // already closed by the test (a killed worker)
      }
    }
    try {
      await(coordinator.stop());
    } finally {
      await(vertx.close());
    }
  }
}
