package io.orchestrator.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One measured run: fresh processes, warm-up, submission, wait for the end, numbers. Bounded: a watchdog
 * kills the processes at the hard deadline (which also unblocks any request in flight), and the run
 * then reports "timeout". Failures never escape: they become {@code status: "error"} with a message.
 */
final class WorkloadRun {
  private static final int IN_FLIGHT = 64;
  private static final int BATCHES_IN_FLIGHT = 4;

  private final BenchOptions options;
  private final String mode;
  private final Workload workload;
  private final int run;
  private final DurableEnv durable;
  private final Path jfrDir;
  private final int timeoutSeconds;

  /** @param timeoutSeconds this run's hard limit (the per-run limit, or less when the total budget is nearly spent) */
  WorkloadRun(BenchOptions options, String mode, Workload workload, int run, DurableEnv durable, Path jfrDir,
              int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
    this.options = options;
    this.mode = mode;
    this.workload = workload;
    this.run = run;
    this.durable = durable;
    this.jfrDir = jfrDir;
  }

  JsonObject execute() {
    String runId = mode + "-" + workload.key + "-r" + run + (jfrDir != null ? "-profile" : "");
    JsonObject result = new JsonObject().put("workload", workload.key).put("title", workload.title).put("mode", mode)
        .put("run", run).put("started_at", Instant.now().toString()).put("workers", workload.workers)
        .put("concurrency_per_worker", workload.concurrency).put("warmup_jobs", workload.workers > 0 ? options.warmup() : 0)
        .put("workflows_per_request", Math.max(1, workload.batch))
        .put("load_average_at_start", Machine.loadAverage());
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-watchdog");
      t.setDaemon(true);
      return t;
    });
    Cluster cluster = null;
    boolean prepared = false;
    try {
      Map<String, String> env = Map.of();
      if (mode.equals("durable")) {
        if (durable == null) {
          throw new IllegalStateException("PostgreSQL/Redis for durable mode are not available (see the first error)");
        }
        env = durable.prepareRun();
        prepared = true;
      }
      cluster = Cluster.start(new Cluster.Spec(options.jar(), options.logDir(), runId, env,
          coordinatorJvm(runId), jvm(options.workerJvm(), runId + "-worker"),
          workload.workers, workload.concurrency), Duration.ofSeconds(60));
      Cluster started = cluster;
      watchdog.schedule(() -> {
        timedOut.set(true);
        started.close();
      }, timeoutSeconds, TimeUnit.SECONDS);
      measure(cluster, result);
      result.put("status", "ok");
    } catch (Exception e) {
      result.put("status", timedOut.get() ? "timeout" : "error");
      result.put("error", timedOut.get() ? "stopped after the hard limit of " + timeoutSeconds + " s" : message(e));
    } finally {
      watchdog.shutdownNow();
      if (cluster != null) {
        cluster.close();
      }
      if (prepared) {
        try {
          durable.cleanupRun();
        } catch (Exception e) {
          result.put("cleanup_error", message(e));
        }
      }
    }
    if (result.getString("status").equals("ok") && result.containsKey("measured_to")) {
      try {
        result.mergeIn(GcPauses.within(gcLog(runId), Instant.parse(result.getString("measured_from")),
            Instant.parse(result.getString("measured_to"))));
      } catch (Exception e) {
        result.put("coordinator_gc_error", message(e));
      }
    }
    if (jfrDir != null && result.getString("status").equals("ok")) {
      addProfile(result, runId);
    }
    return result;
  }

  private void measure(Cluster cluster, JsonObject result) throws Exception {
    List<Long> pids = cluster.pids();
    try (ProcStats proc = new ProcStats(pids)) {
      if (workload.workers > 0 && options.warmup() > 0) {
        // A quarter as one-job workflows POSTed one by one, a quarter in batches, a quarter in one
        // workflow, a quarter in the shapes of W2 and W3 (chains, fan-outs): every path, the release
        // of dependants included, is compiled before the clock starts.
        int quarter = Math.max(1, options.warmup() / 4);
        List<String> oneJobWorkflows = java.util.Collections.nCopies(quarter, Workload.oneJob("warmup", "noop"));
        List<String> single = new ArrayList<>(oneJobWorkflows);
        single.add(Workload.independent("warmup", quarter));
        single.addAll(Workload.dependencyShapes(quarter));
        failIfRejected(cluster.api.submitAll(single, IN_FLIGHT), "warm-up");
        failIfRejected(cluster.api.submitBatches(oneJobWorkflows, Workload.W1_BATCH, BATCHES_IN_FLIGHT), "warm-up");
        awaitIdle(cluster.api);
      }
      long cpuBefore = ProcStats.cpuMicros(cluster.coordinator.pid());
      long workersCpuBefore = workersCpuMicros(pids);
      Map<String, String> servers = durable != null && mode.equals("durable") ? durable.localServerMarkers() : Map.of();
      Map<String, Map<Long, Long>> serversBefore = new java.util.HashMap<>();
      servers.forEach((name, marker) -> serversBefore.put(name, ProcStats.cpuMicrosByCommandLine(marker)));
      boolean sqlCosts = options.sqlCosts() && durable != null && mode.equals("durable");
      if (sqlCosts) {
        try (java.sql.Connection c = durable.runConnection()) {
          StatementCosts.reset(c);
        }
      }
      long benchCpuBefore = ProcStats.cpuMicros(ProcessHandle.current().pid());
      long t0 = System.nanoTime();
      result.put("measured_from", Instant.now().toString());
      Api.Submitted submitted = workload.batch > 0
          ? cluster.api.submitBatches(workload.bodies(options.scale()), workload.batch, BATCHES_IN_FLIGHT)
          : cluster.api.submitAll(workload.bodies(options.scale()), IN_FLIGHT);
      failIfRejected(submitted, "submission");
      result.put("workflows", submitted.ids().size()).put("submit_workflows_per_s", round(submitted.perSecond()));
      if (workload == Workload.QUEUED) {
        Thread.sleep(1_000); // let the queue settle; nothing runs without workers
        result.put("jobs", submitted.ids().size() * Workload.QUEUED_PER_WORKFLOW)
            .put("queued_rss_mb", round(ProcStats.rssMb(cluster.coordinator.pid())))
            .put("coordinator_peak_rss_mb", round(proc.peakRssMb(cluster.coordinator.pid())));
        return;
      }
      awaitIdle(cluster.api);
      result.put("measured_to", Instant.now().toString());
      double observedWall = (System.nanoTime() - t0) / 1e9;
      long cpuAfter = ProcStats.cpuMicros(cluster.coordinator.pid());
      long workersCpuAfter = workersCpuMicros(pids);
      Map<String, Long> serversCpu = new java.util.HashMap<>();
      servers.forEach((name, marker) -> serversCpu.put(name, ProcStats.cpuMicrosSince(marker, serversBefore.get(name))));
      long benchCpuAfter = ProcStats.cpuMicros(ProcessHandle.current().pid());
      List<StatementCosts.Counters> statements = List.of();
      if (sqlCosts) {
        try (java.sql.Connection c = durable.runConnection()) {
          statements = StatementCosts.read(c); // before the read-back below, which is not measured
        }
      }
      result.put("coordinator_peak_rss_mb", round(proc.peakRssMb(cluster.coordinator.pid())));
      double workerPeak = 0;
      for (Long pid : pids.subList(1, pids.size())) {
        workerPeak = Math.max(workerPeak, proc.peakRssMb(pid));
      }
      result.put("worker_peak_rss_mb", round(workerPeak));
      List<JsonObject> workflows = cluster.api.workflows(submitted.ids(), 32);
      int jobs = Measures.jobCount(workflows);
      result.put("jobs", jobs).put("observed_wall_s", round(observedWall)).put("wall_s", round(Measures.wallSeconds(workflows)))
          .put("jobs_per_s", round(Measures.jobsPerSecond(workflows)))
          .put("submit_jobs_per_s", round(jobs / Math.max(1e-9, (submitted.endNanos() - submitted.startNanos()) / 1e9)))
          .put("not_succeeded", Measures.notSucceeded(workflows));
      if (cpuBefore >= 0 && cpuAfter >= 0) {
        result.put("coordinator_cpu_us_per_job", round((cpuAfter - cpuBefore) / (double) jobs));
        // The harness shares the two cores: its own CPU (HTTP client, JSON) says how much it took.
        result.put("bench_cpu_us_per_job", round((benchCpuAfter - benchCpuBefore) / (double) jobs));
      }
      if (workersCpuBefore >= 0 && workersCpuAfter >= 0) {
        result.put("worker_cpu_us_per_job", round((workersCpuAfter - workersCpuBefore) / (double) jobs));
      }
      // The servers' share, when they run here: PostgreSQL's backends of this run's database, Redis.
      serversCpu.forEach((name, micros) -> result.put(name + "_cpu_us_per_job", round(micros / (double) jobs)));
      result.put("cores_busy", round(Measures.coresBusy(result, jobs, observedWall)));
      if (sqlCosts) {
        result.put("sql_costs", StatementCosts.perJob(statements, jobs));
      }
      if (workload == Workload.W2) {
        List<Double> hops = Measures.hopsMs(workflows);
        result.put("hops", hops.size()).put("hop_p50_ms", round(Stats.percentile(hops, 50)))
            .put("hop_p99_ms", round(Stats.percentile(hops, 99))).put("hop_max_ms", round(Stats.max(hops)));
      }
      if (Measures.notSucceeded(workflows) > 0) {
        throw new IllegalStateException(Measures.notSucceeded(workflows) + " workflows did not succeed");
      }
    }
  }

  /** The worker processes' CPU together (pids after the coordinator's), or -1 when one cannot be read. */
  private static long workersCpuMicros(List<Long> pids) {
    long sum = 0;
    for (Long pid : pids.subList(1, pids.size())) {
      long micros = ProcStats.cpuMicros(pid);
      if (micros < 0) {
        return -1;
      }
      sum += micros;
    }
    return sum;
  }

  private static void failIfRejected(Api.Submitted submitted, String what) {
    if (submitted.failures() > 0) {
      throw new IllegalStateException(what + ": " + submitted.failures() + " requests failed; first: " + submitted.firstError());
    }
  }

  /** Polls until no workflow is RUNNING (the watchdog bounds this loop by killing the coordinator). */
  private static void awaitIdle(Api api) throws Exception {
    while (api.anyRunning()) {
      Thread.sleep(20);
    }
  }

  /** The coordinator's options, plus its GC log (read afterwards for the pauses inside the window). */
  private List<String> coordinatorJvm(String runId) {
    List<String> out = jvm(options.coordinatorJvm(), runId + "-coordinator");
    out.add(GcPauses.logOption(gcLog(runId)));
    return out;
  }

  /** Absolute: the processes run in the log directory (Cluster). */
  private Path gcLog(String runId) {
    return options.logDir().resolve(runId + "-coordinator-gc.log").toAbsolutePath();
  }

  private List<String> jvm(List<String> base, String name) {
    List<String> out = new ArrayList<>(base);
    if (jfrDir != null) {
      out.add("-XX:StartFlightRecording=filename=" + jfrDir.resolve(name + ".jfr").toAbsolutePath() + ",settings=profile,jdk.ExecutionSample#period=1ms,dumponexit=true");
    }
    return out;
  }

  private void addProfile(JsonObject result, String runId) {
    for (String who : List.of("coordinator", "worker")) {
      Path file = jfrDir.resolve(runId + "-" + who + ".jfr");
      try {
        // Only the measured window: not the start-up, the warm-up or the reads of every workflow after it.
        result.put("profile_" + who, JfrSummary.summarize(file, 15,
            Instant.parse(result.getString("measured_from")), Instant.parse(result.getString("measured_to"))));
      } catch (Exception e) {
        result.put("profile_" + who + "_error", message(e));
      }
    }
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Three decimals; null (JSON null) for NaN or infinity, which JSON cannot carry. */
  static Double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000.0) / 1000.0;
  }
}
