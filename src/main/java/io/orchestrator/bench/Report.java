package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns run results into the printed table and {@code latest.json} (median and min–max over runs). */
final class Report {
  private Report() {}

  /** One reported number: where it comes from, and its target in each mode (null: no target). */
  record Metric(String key, String label, Workload workload, String field, Double memoryTarget,
                Double durableTarget, boolean higherIsBetter) {
    Double target(String mode) {
      return mode.equals("memory") ? memoryTarget : durableTarget;
    }

    /** How busy the machine was is neither better nor worse: a comparison says higher or lower. */
    boolean neutral() {
      return field.equals("cores_busy");
    }
  }

  /** The first five keys are the contract of latest.json; the others add detail. */
  static final List<Metric> METRICS = List.of(
      new Metric("w1_jobs_per_s", "W1 jobs/s (20k one-job wfs, batches, 1x50)", Workload.W1_FLAT, "jobs_per_s", 50_000.0, 15_000.0, true),
      new Metric("w2_hop_p50_ms", "W2 hop p50 ms", Workload.W2, "hop_p50_ms", 1.0, 2.5, false),
      new Metric("w2_hop_p99_ms", "W2 hop p99 ms", Workload.W2, "hop_p99_ms", 5.0, 10.0, false),
      new Metric("w3_wall_s", "W3 wall s", Workload.W3, "wall_s", 0.35, 0.8, false),
      new Metric("coordinator_peak_rss_mb", "coordinator peak RSS MB (W1)", Workload.W1_FLAT, "coordinator_peak_rss_mb", null, null, false),
      new Metric("w1_submit_workflows_per_s", "W1 submissions/s (workflows, batches)", Workload.W1_FLAT, "submit_workflows_per_s", null, null, true),
      new Metric("w1_single_posts_jobs_per_s", "W1 jobs/s (one POST per workflow)", Workload.W1_SINGLE, "jobs_per_s", 50_000.0, 15_000.0, true),
      new Metric("w1_single_posts_submit_per_s", "W1 submissions/s (one POST each)", Workload.W1_SINGLE, "submit_workflows_per_s", null, null, true),
      new Metric("w1_one_workflow_jobs_per_s", "W1 jobs/s (1 workflow of 20k jobs)", Workload.W1_ONE, "jobs_per_s", 50_000.0, 15_000.0, true),
      new Metric("w1_one_workflow_submit_jobs_per_s", "W1 submission jobs/s (1 workflow)", Workload.W1_ONE, "submit_jobs_per_s", null, null, true),
      new Metric("w1_two_workers_jobs_per_s", "W1 jobs/s (2 workers x 25)", Workload.W1_TWO, "jobs_per_s", 50_000.0, 15_000.0, true),
      new Metric("worker_peak_rss_mb", "worker peak RSS MB (W1)", Workload.W1_FLAT, "worker_peak_rss_mb", null, null, false),
      new Metric("coordinator_cpu_us_per_job", "coordinator CPU us/job (W1)", Workload.W1_FLAT, "coordinator_cpu_us_per_job", null, null, false),
      new Metric("worker_cpu_us_per_job", "worker CPU us/job (W1, all processes)", Workload.W1_FLAT, "worker_cpu_us_per_job", null, null, false),
      new Metric("w1_cores_busy", "cores busy in W1 (every process measured)", Workload.W1_FLAT, "cores_busy", null, null, false),
      new Metric("w3_cores_busy", "cores busy in W3 (every process measured)", Workload.W3, "cores_busy", null, null, false),
      new Metric("coordinator_gc_share", "coordinator GC pauses, share of W1 window", Workload.W1_FLAT, "coordinator_gc_share", null, null, false),
      new Metric("w2_coordinator_gc_max_pause_ms", "coordinator longest GC pause in W2, ms", Workload.W2, "coordinator_gc_max_pause_ms", null, null, false),
      new Metric("postgres_cpu_us_per_job", "PostgreSQL CPU us/job (W1, local server)", Workload.W1_FLAT, "postgres_cpu_us_per_job", null, null, false),
      new Metric("redis_cpu_us_per_job", "Redis CPU us/job (W1, local server)", Workload.W1_FLAT, "redis_cpu_us_per_job", null, null, false),
      new Metric("w2_wall_s", "W2 wall s", Workload.W2, "wall_s", null, null, false),
      new Metric("queued_100k_rss_mb", "coordinator RSS MB, 100k queued", Workload.QUEUED, "queued_rss_mb", 300.0, 300.0, false));

  static List<Double> values(List<JsonObject> results, String mode, Metric m) {
    List<Double> out = new ArrayList<>();
    for (JsonObject r : results) {
      if (mode.equals(r.getString("mode")) && m.workload().key.equals(r.getString("workload"))
          && "ok".equals(r.getString("status")) && r.getValue(m.field()) instanceof Number n) {
        out.add(n.doubleValue());
      }
    }
    return out;
  }

  /** "met", "MISSED", or "" when there is no target or no value. */
  static String verdict(Metric m, String mode, Stats.Summary s) {
    Double target = m.target(mode);
    if (target == null || s.empty()) {
      return "";
    }
    boolean met = m.higherIsBetter() ? s.median() >= target : s.median() <= target;
    return met ? "met" : "MISSED";
  }

  static String table(List<JsonObject> results, List<String> modes) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-42s", "metric"));
    for (String mode : modes) {
      sb.append(String.format(Locale.ROOT, " | %-30s %-10s %-6s", mode + ": median (min-max)", "target", ""));
    }
    sb.append('\n').append("-".repeat(42 + modes.size() * 52)).append('\n');
    for (Metric m : METRICS) {
      sb.append(String.format(Locale.ROOT, "%-42s", m.label()));
      for (String mode : modes) {
        Stats.Summary s = Stats.Summary.of(values(results, mode, m));
        String cell = s.empty() ? statusOf(results, mode, m.workload())
            : num(s.median()) + " (" + num(s.min()) + "-" + num(s.max()) + ")";
        Double target = m.target(mode);
        String t = target == null ? "" : (m.higherIsBetter() ? ">= " : "<= ") + num(target);
        sb.append(String.format(Locale.ROOT, " | %-30s %-10s %-6s", cell, t, verdict(m, mode, s)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static final String NOT_RUN = "not run";
  private static final String NOT_MEASURED = "n/a";

  /**
   * A comparison (bench --against): per mode and metric, A's and B's median (min-max), B's change
   * against A's median, and a word: "better" or "worse" ("higher", "lower" for how busy the cores
   * were) when the two ranges do not overlap, "overlap" when they do (the host's drift alone can
   * make that much).
   */
  static String compare(List<JsonObject> a, List<JsonObject> b, List<String> modes) {
    StringBuilder sb = new StringBuilder();
    for (String mode : modes) {
      sb.append(String.format(Locale.ROOT, "%-42s | %-30s | %-30s | %s%n", mode, "A: median (min-max)",
          "B: median (min-max)", "B vs A"));
      sb.append("-".repeat(125)).append('\n');
      for (Metric m : METRICS) {
        Stats.Summary sa = Stats.Summary.of(values(a, mode, m));
        Stats.Summary sb2 = Stats.Summary.of(values(b, mode, m));
        String cellA = cell(sa, a, mode, m);
        String cellB = cell(sb2, b, mode, m);
        if ((cellA.equals(NOT_RUN) || cellA.equals(NOT_MEASURED)) && cellA.equals(cellB)) {
          continue; // a workload left out of this comparison, or a figure this mode does not have
        }
        sb.append(String.format(Locale.ROOT, "%-42s | %-30s | %-30s | %s%n", m.label(), cellA, cellB,
            change(m, sa, sb2)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String cell(Stats.Summary s, List<JsonObject> results, String mode, Metric m) {
    return s.empty() ? statusOf(results, mode, m.workload())
        : num(s.median()) + " (" + num(s.min()) + "-" + num(s.max()) + ")";
  }

  static String change(Metric m, Stats.Summary a, Stats.Summary b) {
    if (a.empty() || b.empty() || a.median() == 0) {
      return "";
    }
    double percent = (b.median() - a.median()) / Math.abs(a.median()) * 100;
    String word;
    if (b.min() > a.max()) {
      word = m.neutral() ? "higher" : m.higherIsBetter() ? "better" : "worse";
    } else if (b.max() < a.min()) {
      word = m.neutral() ? "lower" : m.higherIsBetter() ? "worse" : "better";
    } else {
      word = "overlap";
    }
    return String.format(Locale.ROOT, "%+.1f %%  %s", percent, word);
  }

  /** latest.json: per mode the medians by key (null when no run succeeded), their spread and the errors. */
  static JsonObject latest(List<JsonObject> results, List<String> modes, JsonObject machine, String commit) {
    JsonObject out = new JsonObject();
    for (String mode : modes) {
      JsonObject numbers = new JsonObject();
      JsonObject spread = new JsonObject();
      for (Metric m : METRICS) {
        Stats.Summary s = Stats.Summary.of(values(results, mode, m));
        numbers.put(m.key(), s.empty() ? null : WorkloadRun.round(s.median()));
        if (!s.empty()) {
          spread.put(m.key(), new JsonArray().add(WorkloadRun.round(s.min())).add(WorkloadRun.round(s.max())).add(s.runs()));
        }
      }
      JsonArray errors = new JsonArray();
      results.stream().filter(r -> mode.equals(r.getString("mode")) && !"ok".equals(r.getString("status")))
          .forEach(r -> errors.add(r.getString("workload") + " run " + r.getInteger("run") + ": "
              + r.getString("status") + ": " + r.getString("error")));
      numbers.put("spread_min_max_runs", spread).put("errors", errors);
      out.put(mode, numbers);
    }
    return out.put("machine", machine).put("commit", commit);
  }

  /** Why a cell is empty: the status of a run that failed, "n/a" when the runs succeeded without the value. */
  private static String statusOf(List<JsonObject> results, String mode, Workload w) {
    return results.stream().filter(r -> mode.equals(r.getString("mode")) && w.key.equals(r.getString("workload")))
        .map(r -> r.getString("status")).map(status -> "ok".equals(status) ? NOT_MEASURED : status)
        .findFirst().orElse(NOT_RUN);
  }

  static String num(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }
}
