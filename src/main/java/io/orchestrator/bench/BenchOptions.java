package io.orchestrator.bench;

import io.orchestrator.config.ArgReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Command-line options of {@code bench}; environment supplies the durable servers and JVM options. */
record BenchOptions(int runs, List<String> modes, List<Workload> workloads, Path jar, Path out, Path logDir,
                    int timeoutSeconds, int budgetSeconds, int warmup, double scale, boolean profile, boolean sqlCosts,
                    String databaseUrl,
                    String redisUrl, List<String> coordinatorJvm, List<String> workerJvm, boolean help,
                    Path againstJar, List<String> againstCoordinatorJvm) {

  /**
   * Whether this is a comparison: variant B (another jar, or other JVM options for the coordinator)
   * runs interleaved with A, the options as given.
   */
  boolean compares() {
    return againstJar != null || againstCoordinatorJvm != null;
  }

  /**
   * The options of variant B: A's, with the other jar and the other coordinator JVM options where
   * given; its process logs go to {@code against/} under A's.
   */
  BenchOptions variantB() {
    return new BenchOptions(runs, modes, workloads, againstJar == null ? jar : againstJar, out,
        logDir.resolve("against"), timeoutSeconds,
        budgetSeconds, warmup, scale, profile, sqlCosts, databaseUrl, redisUrl,
        againstCoordinatorJvm == null ? coordinatorJvm : againstCoordinatorJvm, workerJvm, help, null, null);
  }

  /** The JVM options of the Docker image (Dockerfile, JAVA_TOOL_OPTIONS): what the bench measures. */
  static final String JVM_DEFAULT = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:TieredStopAtLevel=1";

  static String usage() {
    return String.join("\n",
        "Usage: java -jar workflow-orchestrator.jar bench [options]",
        "Starts real coordinator and worker processes from the jar and measures W1/W2/W3 (issue 6).",
        "  --runs N           runs of each workload in each mode (default 3)",
        "  --quick            same as --runs 1",
        "  --modes M,M        memory,durable (default both)",
        "  --workloads W,W    " + String.join(",", Arrays.stream(Workload.values()).map(w -> w.key).toList())
            + " (default all)",
        "  --profile          also run W1 once per mode under JFR and print where the time goes",
        "  --sql-costs        durable runs: PostgreSQL's cost per statement in the measured window, from",
        "                     pg_stat_statements (the server must preload it: bench/sql-costs.sh starts one)",
        "  --jar PATH         the jar to run (default target/workflow-orchestrator.jar)",
        "  --out DIR          result JSON directory (default bench/results)",
        "  --timeout-s N      hard limit per run, then the processes are killed (default 120)",
        "  --budget-s N       the whole bench stops starting runs after N s; the rest are 'skipped' (default 1500)",
        "  --warmup N         jobs run before measuring, to warm the JIT, over every submission path (default 10000)",
        "  --scale F          multiply the W1 and queued sizes (default 1; for trying the harness)",
        "  --against PATH     compare: run this jar (B) interleaved with --jar (A), A-B then B-A, and print both",
        "                     side by side (no latest.json; run files say their variant)",
        "  --against-jvm OPTS compare: B's coordinator runs with these JVM options instead (alone or with --against)",
        "Environment: BENCH_DATABASE_URL (default " + DurableEnv.DEFAULT_DATABASE_URL + "), BENCH_REDIS_URL",
        "(default " + DurableEnv.DEFAULT_REDIS_URL + ", first empty db of 15..1), BENCH_COORDINATOR_JVM",
        "(default \"" + JVM_DEFAULT + "\", as the Docker image), BENCH_WORKER_JVM (the same).");
  }

  static BenchOptions parse(String[] args, Map<String, String> env) {
    int runs = 3;
    List<String> modes = List.of("memory", "durable");
    List<Workload> workloads = List.of(Workload.values());
    Path jar = Path.of("target/workflow-orchestrator.jar");
    Path out = Path.of("bench/results");
    int timeout = 120;
    int warmup = 10_000;
    int budget = 1500;
    double scale = 1.0;
    boolean profile = false;
    boolean sqlCosts = false;
    boolean help = false;
    Path againstJar = null;
    List<String> againstJvm = null;
    ArgReader reader = new ArgReader(args);
    while (reader.hasNext()) {
      switch (reader.next()) {
        case "--help", "-h" -> help = true;
        case "--quick" -> runs = 1;
        case "--profile" -> profile = true;
        case "--sql-costs" -> sqlCosts = true;
        case "--runs" -> runs = reader.intValue(1, 20);
        case "--modes" -> modes = modes(reader.listValue());
        case "--workloads" -> workloads = workloads(reader.listValue());
        case "--jar" -> jar = Path.of(reader.value());
        case "--out" -> out = Path.of(reader.value());
        case "--timeout-s" -> timeout = reader.intValue(5, 3600);
        case "--budget-s" -> budget = reader.intValue(30, 86_400);
        case "--warmup" -> warmup = reader.intValue(0, 1_000_000);
        case "--scale" -> scale = scale(reader.value());
        case "--against" -> againstJar = Path.of(reader.value());
        case "--against-jvm" -> againstJvm = jvm(reader.value(), null);
        default -> throw reader.unknown();
      }
    }
    return new BenchOptions(runs, modes, workloads, jar, out, Path.of("target/bench/logs"), timeout, budget, warmup, scale,
        profile, sqlCosts, env.get("BENCH_DATABASE_URL"), env.get("BENCH_REDIS_URL"),
        jvm(env.get("BENCH_COORDINATOR_JVM"), JVM_DEFAULT), jvm(env.get("BENCH_WORKER_JVM"), JVM_DEFAULT), help,
        againstJar, againstJvm);
  }

  private static List<String> modes(List<String> modes) {
    for (String m : modes) {
      if (!m.equals("memory") && !m.equals("durable")) {
        throw new IllegalArgumentException("--modes takes memory and/or durable, got '" + m + "'");
      }
    }
    return modes;
  }

  private static List<Workload> workloads(List<String> keys) {
    List<Workload> out = new ArrayList<>();
    for (String key : keys) {
      out.add(Arrays.stream(Workload.values()).filter(w -> w.key.equals(key)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + key + "'")));
    }
    return out;
  }

  private static double scale(String text) {
    try {
      double v = Double.parseDouble(text);
      if (v > 0 && v <= 10) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new IllegalArgumentException("--scale must be a number in (0, 10], got '" + text + "'");
  }

  private static List<String> jvm(String text, String fallback) {
    if ((text == null || text.isBlank()) && fallback == null) {
      throw new IllegalArgumentException("--against-jvm needs the coordinator's JVM options, e.g. \"-Xmx256m\"");
    }
    return Arrays.stream((text == null || text.isBlank() ? fallback : text).trim().split("\\s+")).toList();
  }
}
