package io.orchestrator.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The 3 coordinators and 6 workers of a run, on free loopback ports, with short heartbeats. */
final class Cluster implements AutoCloseable {
  static final int COORDINATORS = 3;
  static final int WORKERS = 6;
  static final int WORKER_CONCURRENCY = 4;
  static final long HEARTBEAT_INTERVAL_MS = 500;
  static final long HEARTBEAT_TTL_MS = 3000;

  private final List<Node> coordinators = new ArrayList<>();
  private final List<Node> workers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Thread shutdownHook = new Thread(this::destroyAll, "chaos-cluster-cleanup");

  Cluster(String javaCommand, String jar, String databaseUrl, String redisUrl, Path logDir) {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    List<String> jvm = List.of(javaCommand, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-jar", jar);
    for (int i = 1; i <= COORDINATORS; i++) {
      int port = freePort();
      String id = "chaos-c" + i;
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", databaseUrl);
      env.put("REDIS_URL", redisUrl);
      env.put("COORDINATOR_ID", id);
      env.put("HEARTBEAT_INTERVAL_MS", Long.toString(HEARTBEAT_INTERVAL_MS));
      env.put("HEARTBEAT_TTL_MS", Long.toString(HEARTBEAT_TTL_MS));
      List<String> command = new ArrayList<>(jvm);
      command.addAll(List.of("coordinator", "--port", Integer.toString(port), "--host", "127.0.0.1", "--no-migrate"));
      coordinators.add(new Node(id, true, port, command, env, logDir.resolve(id + ".log")));
    }
    for (int i = 1; i <= WORKERS; i++) {
      String name = "chaos-w" + i;
      List<String> urls = new ArrayList<>();
      for (int k = 0; k < COORDINATORS; k++) {
        urls.add("ws://127.0.0.1:" + coordinators.get((i - 1 + k) % COORDINATORS).port);
      }
      List<String> command = new ArrayList<>(jvm);
      command.addAll(List.of("worker", "--url", String.join(",", urls), "--concurrency",
          Integer.toString(WORKER_CONCURRENCY), "--name", name, "--drain-timeout-ms", "2000"));
      workers.add(new Node(name, false, 0, command, Map.of(), logDir.resolve(name + ".log")));
    }
  }

  List<Node> coordinators() {
    return List.copyOf(coordinators);
  }

  List<Node> workers() {
    return List.copyOf(workers);
  }

  List<Integer> ports() {
    return coordinators.stream().map(n -> n.port).toList();
  }

  Node coordinator(String id) {
    return coordinators.stream().filter(n -> n.name.equals(id)).findFirst().orElse(null);
  }

  /** Starts the coordinators, waits until they are ready, then starts the workers. */
  void start(long deadlineNanos) throws IOException, InterruptedException {
    for (Node c : coordinators) {
      c.start();
    }
    for (Node c : coordinators) {
      awaitReady(c, deadlineNanos);
    }
    for (Node w : workers) {
      w.start();
    }
  }

  /** Polls /health/ready until 200; fails when the process died or the deadline passed. */
  void awaitReady(Node coordinator, long deadlineNanos) throws IOException, InterruptedException {
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coordinator.port + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadlineNanos) {
      if (!coordinator.alive()) {
        throw new IOException(coordinator + " exited during start (see its log)");
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException(coordinator + " not ready in time");
  }

  /** Names of the processes that died without being killed by a fault (checked between faults). */
  String deadUnexpectedly() {
    return java.util.stream.Stream.concat(coordinators.stream(), workers.stream()).filter(n -> !n.alive())
        .map(Node::toString).collect(Collectors.joining(","));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no free loopback port", e);
    }
  }

  void destroyAll() {
    workers.forEach(w -> w.destroy(3000));
    coordinators.forEach(c -> c.destroy(5000));
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }
}
