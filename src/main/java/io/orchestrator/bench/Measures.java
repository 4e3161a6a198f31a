package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Numbers computed from finished workflows as the API returns them (with their jobs). */
final class Measures {
  private Measures() {}

  /** Jobs per second from the first job start to the last job completion (coordinator timestamps, ms). */
  static double jobsPerSecond(List<JsonObject> workflows) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int jobs = 0;
    for (JsonObject wf : workflows) {
      for (Object o : wf.getJsonArray("jobs", new JsonArray())) {
        JsonObject job = (JsonObject) o;
        if (job.getString("started_at") == null || job.getString("finished_at") == null) {
          continue;
        }
        first = Math.min(first, millis(job.getString("started_at")));
        last = Math.max(last, millis(job.getString("finished_at")));
        jobs++;
      }
    }
    return jobs == 0 ? Double.NaN : jobs / (Math.max(1, last - first) / 1000.0);
  }

  /** Seconds from the first workflow's creation to the last one's end (coordinator timestamps). */
  static double wallSeconds(List<JsonObject> workflows) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (JsonObject wf : workflows) {
      first = Math.min(first, millis(wf.getString("created_at")));
      if (wf.getString("finished_at") != null) {
        last = Math.max(last, millis(wf.getString("finished_at")));
      }
    }
    return workflows.isEmpty() || last == Long.MIN_VALUE ? Double.NaN : (last - first) / 1000.0;
  }

  /** Hop latencies in ms: job k+1's start minus job k's end, from the stamp handler's worker micros. */
  static List<Double> hopsMs(List<JsonObject> chains) {
    List<Double> hops = new ArrayList<>();
    for (JsonObject wf : chains) {
      List<JsonObject> jobs = new ArrayList<>();
      wf.getJsonArray("jobs", new JsonArray()).forEach(o -> jobs.add((JsonObject) o));
      jobs.sort(Comparator.comparingInt(j -> Integer.parseInt(j.getString("name").substring(1))));
      for (int k = 0; k + 1 < jobs.size(); k++) {
        JsonObject prev = jobs.get(k).getJsonObject("result");
        JsonObject next = jobs.get(k + 1).getJsonObject("result");
        if (prev != null && next != null && prev.containsKey("finished_us") && next.containsKey("started_us")) {
          hops.add((next.getLong("started_us") - prev.getLong("finished_us")) / 1000.0);
        }
      }
    }
    return hops;
  }

  static long notSucceeded(List<JsonObject> workflows) {
    return workflows.stream().filter(wf -> !"SUCCEEDED".equals(wf.getString("state"))).count();
  }

  static int jobCount(List<JsonObject> workflows) {
    return workflows.stream().mapToInt(wf -> wf.getJsonArray("jobs", new JsonArray()).size()).sum();
  }

  /**
   * The CPU of every process a run measured (coordinator, workers, harness, and PostgreSQL and Redis
   * when they run here), in cores busy over the window: near the machine's cores, the run was bound
   * by CPU, not by a wait. A process without a figure counts as zero.
   */
  static double coresBusy(JsonObject run, int jobs, double windowSeconds) {
    double usPerJob = 0;
    for (String process : List.of("coordinator", "worker", "bench", "postgres", "redis")) {
      usPerJob += run.getDouble(process + "_cpu_us_per_job", 0.0);
    }
    return usPerJob * jobs / 1e6 / windowSeconds;
  }

  private static long millis(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }
}
