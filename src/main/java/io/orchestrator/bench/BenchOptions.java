package io.orchestrator.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Command-line options of {@code bench}; environment supplies the durable servers and JVM options. */
record BenchOptions(int runs, List<String> modes, List<Workload> workloads, Path jar, Path out, Path logDir,
                    int timeoutSeconds, int budgetSeconds, int warmup, double scale, boolean profile, String databaseUrl,
                    String redisUrl, List<String> coordinatorJvm, List<String> workerJvm, boolean help) {

  /** The JVM options of the Docker image (Dockerfile, JAVA_TOOL_OPTIONS): what the bench measures. */
  static final String JVM_DEFAULT = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

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
        "  --jar PATH         the jar to run (default target/workflow-orchestrator.jar)",
        "  --out DIR          result JSON directory (default bench/results)",
        "  --timeout-s N      hard limit per run, then the processes are killed (default 120)",
        "  --budget-s N       the whole bench stops starting runs after N s; the rest are 'skipped' (default 1500)",
        "  --warmup N         jobs run before measuring, to warm the JIT, over every submission path (default 10000)",
        "  --scale F          multiply the W1 and queued sizes (default 1; for trying the harness)",
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
    boolean help = false;
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--quick" -> runs = 1;
        case "--profile" -> profile = true;
        case "--runs" -> runs = intValue(arg, value(arg, value, rest), 1, 20);
        case "--modes" -> modes = modes(value(arg, value, rest));
        case "--workloads" -> workloads = workloads(value(arg, value, rest));
        case "--jar" -> jar = Path.of(value(arg, value, rest));
        case "--out" -> out = Path.of(value(arg, value, rest));
        case "--timeout-s" -> timeout = intValue(arg, value(arg, value, rest), 5, 3600);
        case "--budget-s" -> budget = intValue(arg, value(arg, value, rest), 30, 86_400);
        case "--warmup" -> warmup = intValue(arg, value(arg, value, rest), 0, 1_000_000);
        case "--scale" -> scale = scale(value(arg, value, rest));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "' (try --help)");
      }
    }
    return new BenchOptions(runs, modes, workloads, jar, out, Path.of("target/bench/logs"), timeout, budget, warmup, scale,
        profile, env.get("BENCH_DATABASE_URL"), env.get("BENCH_REDIS_URL"),
        jvm(env.get("BENCH_COORDINATOR_JVM"), JVM_DEFAULT), jvm(env.get("BENCH_WORKER_JVM"), JVM_DEFAULT), help);
  }

  private static List<String> modes(String csv) {
    List<String> modes = split(csv);
    for (String m : modes) {
      if (!m.equals("memory") && !m.equals("durable")) {
        throw new IllegalArgumentException("--modes takes memory and/or durable, got '" + m + "'");
      }
    }
    return modes;
  }

  private static List<Workload> workloads(String csv) {
    List<Workload> out = new ArrayList<>();
    for (String key : split(csv)) {
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
    return split(text == null || text.isBlank() ? fallback : text, "\\s+");
  }

  private static List<String> split(String csv) {
    return split(csv, ",");
  }

  private static List<String> split(String text, String regex) {
    return Arrays.stream(text.trim().split(regex)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String value(String name, String inline, List<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return rest.remove(0);
  }

  private static int intValue(String name, String text, int min, int max) {
    try {
      int v = Integer.parseInt(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
  }
}
