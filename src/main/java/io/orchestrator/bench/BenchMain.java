package io.orchestrator.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bench} command (issue 6): runs every workload in every mode against real coordinator and
 * worker processes, writes one JSON file per run and {@code latest.json}, and prints the table.
 * Exit code: 0 when it ran to the end (targets missed or durable runs failing still give 0: the
 * report says so), 1 when no run succeeded or the results could not be written, 2 on bad arguments.
 */
public final class BenchMain {
  private BenchMain() {}

  public static int run(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    if (options.help()) {
      System.out.println(BenchOptions.usage());
      return 0;
    }
    for (Path jar : options.compares() ? List.of(options.jar(), options.variantB().jar()) : List.of(options.jar())) {
      if (!Files.isRegularFile(jar)) {
        System.err.println("bench: " + jar + " not found; build it first (make build)");
        return 2;
      }
    }
    try {
      return bench(options);
    } catch (IOException e) {
      System.err.println("bench: could not write the results: " + e.getMessage());
      return 1;
    }
  }

  private static int bench(BenchOptions options) throws IOException {
    Files.createDirectories(options.out());
    JsonObject machine = Machine.describe();
    String commit = Machine.commit();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    System.out.println("bench: " + machine.encode() + " commit " + commit + ", " + options.runs() + " run(s) each");

    DurableEnv durable = null;
    if (options.modes().contains("durable")) {
      try {
        durable = DurableEnv.open(options.databaseUrl(), options.redisUrl());
        System.out.println("bench: durable mode uses " + durable.describe());
      } catch (Exception e) {
        System.out.println("bench: durable mode unavailable, its runs are marked error: " + WorkloadRun.message(e));
      }
    }

    long deadline = System.nanoTime() + options.budgetSeconds() * 1_000_000_000L;
    if (options.compares()) {
      return compare(options, durable, machine, commit, stamp, deadline);
    }
    List<JsonObject> results = new ArrayList<>();
    for (String mode : options.modes()) {
      for (Workload workload : options.workloads()) {
        for (int run = 1; run <= options.runs(); run++) {
          results.add(runAndWrite(options, mode, workload, run, durable, machine, commit, stamp, "", deadline));
        }
      }
    }

    JsonObject profiles = new JsonObject();
    if (options.profile()) {
      Path jfrDir = Path.of("target/bench/jfr");
      Files.createDirectories(jfrDir);
      for (String mode : options.modes()) {
        System.out.printf("bench: %-7s W1 under JFR (not counted) ... ", mode);
        System.out.flush();
        JsonObject result = runWithinBudget(options, mode, Workload.W1_FLAT, 1, durable, jfrDir, deadline);
        write(options.out().resolve(stamp + "-" + mode + "-profile.json"), result.copy().put("commit", commit));
        System.out.println(oneLine(result));
        profiles.put(mode, result);
        printProfile(mode, result);
      }
    }

    System.out.println();
    System.out.print(Report.table(results, options.modes()));
    JsonObject latest = Report.latest(results, options.modes(), machine, commit)
        .put("runs_per_workload", options.runs()).put("results_prefix", stamp);
    if (!profiles.isEmpty()) {
      latest.put("profiles", profiles);
    }
    Path latestFile = options.out().resolve("latest.json");
    write(latestFile, latest);
    System.out.println("\nbench: wrote " + latestFile + " and " + results.size() + " run files under " + options.out()
        + " (process logs under " + options.logDir() + ")");
    return results.stream().anyMatch(r -> "ok".equals(r.getString("status"))) ? 0 : 1;
  }

  /**
   * Variant A (the options as given) and B ({@link BenchOptions#variantB}) interleaved: each run of
   * each workload once with A and once with B, A first in odd runs and B first in even ones, so that
   * the host's drift falls on both alike; then the two side by side. No latest.json: that file is
   * one version's result.
   */
  private static int compare(BenchOptions a, DurableEnv durable, JsonObject machine, String commit, String stamp,
      long deadline) throws IOException {
    BenchOptions b = a.variantB();
    System.out.println("bench: A = " + describe(a) + "\nbench: B = " + describe(b));
    List<JsonObject> resultsA = new ArrayList<>();
    List<JsonObject> resultsB = new ArrayList<>();
    for (String mode : a.modes()) {
      for (Workload workload : a.workloads()) {
        for (int run = 1; run <= a.runs(); run++) {
          boolean aFirst = run % 2 == 1;
          for (int turn = 0; turn < 2; turn++) {
            boolean isA = (turn == 0) == aFirst;
            JsonObject result = runAndWrite(isA ? a : b, mode, workload, run, durable, machine, commit, stamp,
                isA ? "-A" : "-B", deadline);
            (isA ? resultsA : resultsB).add(result.put("variant", isA ? "A" : "B"));
          }
        }
      }
    }
    System.out.println();
    System.out.print(Report.compare(resultsA, resultsB, a.modes()));
    System.out.println("\nbench: wrote " + (resultsA.size() + resultsB.size()) + " run files under " + a.out()
        + " (process logs under " + a.logDir() + ", B's in " + b.logDir() + ")");
    List<JsonObject> all = new ArrayList<>(resultsA);
    all.addAll(resultsB);
    return all.stream().anyMatch(r -> "ok".equals(r.getString("status"))) ? 0 : 1;
  }

  private static String describe(BenchOptions options) {
    return options.jar() + " with coordinator JVM " + String.join(" ", options.coordinatorJvm());
  }

  /** One run, its file ({@code suffix}: "-A", "-B" or ""), and its line. */
  private static JsonObject runAndWrite(BenchOptions options, String mode, Workload workload, int run,
      DurableEnv durable, JsonObject machine, String commit, String stamp, String suffix, long deadline)
      throws IOException {
    System.out.printf("bench: %-7s %-45s run %d/%d%s ... ", mode, workload.title, run, options.runs(), suffix);
    System.out.flush();
    JsonObject result = runWithinBudget(options, mode, workload, run, durable, null, deadline);
    result.put("machine", machine).put("commit", commit).put("jar", options.jar().toString());
    write(options.out().resolve(stamp + "-" + mode + "-" + workload.key + "-r" + run + suffix + ".json"), result);
    System.out.println(oneLine(result));
    if (result.containsKey("sql_costs")) {
      System.out.println(StatementCosts.table(result.getJsonObject("sql_costs")));
    }
    return result;
  }

  /** Runs one workload unless the total budget is spent; its hard limit never reaches past the budget. */
  private static JsonObject runWithinBudget(BenchOptions options, String mode, Workload workload, int run,
                                            DurableEnv durable, Path jfrDir, long deadlineNanos) {
    // Reserve time for starting (at most 60 s is allowed) and stopping the processes.
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000_000L - 30;
    if (left < 10) {
      return new JsonObject().put("workload", workload.key).put("mode", mode).put("run", run)
          .put("status", "skipped").put("error", "the bench's time budget of " + options.budgetSeconds() + " s is spent");
    }
    return new WorkloadRun(options, mode, workload, run, durable, jfrDir,
        (int) Math.min(options.timeoutSeconds(), left)).execute();
  }

  private static String oneLine(JsonObject r) {
    if (!"ok".equals(r.getString("status"))) {
      return r.getString("status").toUpperCase() + ": " + r.getString("error");
    }
    StringBuilder sb = new StringBuilder("ok");
    for (String key : List.of("jobs_per_s", "submit_workflows_per_s", "hop_p50_ms", "hop_p99_ms", "wall_s",
        "coordinator_peak_rss_mb", "worker_peak_rss_mb", "coordinator_cpu_us_per_job", "worker_cpu_us_per_job", "postgres_cpu_us_per_job", "redis_cpu_us_per_job", "cores_busy",
        "queued_rss_mb")) {
      if (r.getValue(key) != null) {
        sb.append(' ').append(key).append('=').append(r.getValue(key));
      }
    }
    return sb.toString();
  }

  private static void printProfile(String mode, JsonObject result) {
    for (String who : List.of("coordinator", "worker")) {
      JsonObject p = result.getJsonObject("profile_" + who);
      if (p == null) {
        continue;
      }
      System.out.println("  " + mode + " " + who + ": " + p.getInteger("samples") + " samples, GC pauses "
          + p.getLong("gc_pause_ms") + " ms in " + p.getInteger("gc_count") + " collections");
      p.getJsonArray("top_self").forEach(line -> System.out.println("    self  " + line));
      p.getJsonArray("top_packages_inclusive").forEach(line -> System.out.println("    incl  " + line));
    }
  }

  private static void write(Path file, JsonObject json) throws IOException {
    Files.writeString(file, json.encodePrettily() + "\n");
  }
}
