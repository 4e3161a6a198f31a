package io.orchestrator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One coordinator process and its worker processes, started from the real jar with ProcessBuilder.
 * Every process started is remembered so a JVM shutdown hook (Ctrl-C) can destroy it too.
 */
final class Cluster implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-cleanup"));
  }

  /** How to start the processes of one run. */
  record Spec(Path jar, Path logDir, String runId, Map<String, String> coordinatorEnv, List<String> coordinatorJvm,
              List<String> workerJvm, int workers, int concurrencyPerWorker) {
  }

  final int port;
  final Api api;
  final Process coordinator;
  final List<Process> workers = new ArrayList<>();
  private final Spec spec;

  private Cluster(Spec spec, int port, Process coordinator) {
    this.spec = spec;
    this.port = port;
    this.coordinator = coordinator;
    this.api = new Api(port, 64);
  }

  /** Starts the coordinator, waits for /health, then starts the workers and waits until they are listed. */
  static Cluster start(Spec spec, Duration deadline) throws IOException, InterruptedException {
    int port = freePort();
    Files.createDirectories(spec.logDir());
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(spec.coordinatorJvm());
    cmd.addAll(List.of("-jar", spec.jar().toAbsolutePath().toString(), "coordinator", "--host", "127.0.0.1",
        "--port", String.valueOf(port)));
    // In the log directory: the processes read their jar's own defaults, not the conf/config.json of
    // the directory the bench was started in (an older jar under comparison refuses keys it does not know).
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.logDir().toFile()).redirectErrorStream(true)
        .redirectOutput(spec.logDir().resolve(spec.runId() + "-coordinator.log").toFile());
    // The bench decides the storage mode: never inherit the caller's DATABASE_URL / REDIS_URL.
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("REDIS_URL");
    pb.environment().putAll(spec.coordinatorEnv());
    Cluster cluster = new Cluster(spec, port, track(pb.start()));
    try {
      long until = System.nanoTime() + deadline.toNanos();
      cluster.awaitHealthy(until);
      for (int i = 0; i < spec.workers(); i++) {
        cluster.workers.add(cluster.startWorker(i));
      }
      if (spec.workers() > 0) {
        cluster.awaitWorkers(spec.workers(), until);
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private Process startWorker(int index) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(spec.workerJvm());
    cmd.addAll(List.of("-jar", spec.jar().toAbsolutePath().toString(), "worker", "--url", "ws://127.0.0.1:" + port,
        "--concurrency", String.valueOf(spec.concurrencyPerWorker()), "--queues", "default",
        "--name", "bench-worker-" + index, "--drain-timeout-ms", "1000"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.logDir().toFile()).redirectErrorStream(true)
        .redirectOutput(spec.logDir().resolve(spec.runId() + "-worker" + index + ".log").toFile());
    return track(pb.start());
  }

  private void awaitHealthy(long untilNanos) throws InterruptedException {
    while (true) {
      if (!coordinator.isAlive()) {
        throw new IllegalStateException("the coordinator exited with code " + coordinator.exitValue()
            + " before it was healthy: " + logTail("coordinator"));
      }
      if (api.healthy()) {
        return;
      }
      if (System.nanoTime() > untilNanos) {
        throw new IllegalStateException("the coordinator was not healthy in time: " + logTail("coordinator"));
      }
      Thread.sleep(50);
    }
  }

  private void awaitWorkers(int expected, long untilNanos) throws InterruptedException {
    while (api.workerCount() < expected) {
      for (int i = 0; i < workers.size(); i++) {
        if (!workers.get(i).isAlive()) {
          throw new IllegalStateException("worker " + i + " exited with code " + workers.get(i).exitValue()
              + ": " + logTail("worker" + i));
        }
      }
      if (System.nanoTime() > untilNanos) {
        throw new IllegalStateException("only " + api.workerCount() + " of " + expected + " workers connected in time");
      }
      Thread.sleep(50);
    }
  }

  List<Long> pids() {
    List<Long> pids = new ArrayList<>(List.of(coordinator.pid()));
    workers.forEach(w -> pids.add(w.pid()));
    return pids;
  }

  /** The last meaningful line of a process's log, to explain a failed start. */
  String logTail(String who) {
    try {
      List<String> lines = Files.readAllLines(spec.logDir().resolve(spec.runId() + "-" + who + ".log"));
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).trim();
        if (line.startsWith("error") || line.contains("ERROR") || line.contains("Exception")) {
          return line;
        }
      }
      return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).trim();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM every process (workers first), then SIGKILL what is still alive after a bounded wait. */
  @Override
  public void close() {
    api.close();
    List<Process> all = new ArrayList<>(workers);
    all.add(coordinator);
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      LIVE.remove(p);
    }
  }

  private static Process track(Process p) {
    LIVE.add(p);
    return p;
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
