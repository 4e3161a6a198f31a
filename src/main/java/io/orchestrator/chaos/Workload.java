package io.orchestrator.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The mixed load: chains, fan-out/fan-in, retries and diamonds, in turn. Jobs sleep a little so
 * that many are in flight when a fault hits; every job may retry often (a lost or timed-out
 * attempt counts as one), so that only a bug, never the faults, can leave a workflow unfinished.
 */
final class Workload {
  static final String[] SHAPES = {"chain", "fan", "retry", "diamond"};
  static final int MAX_ATTEMPTS = 15;

  private final Random random;
  private final String runId;

  Workload(long seed, String runId) {
    this.random = new Random(seed);
    this.runId = runId;
  }

  /** Workflow number {@code i}; its shape is {@code SHAPES[i % 4]}. */
  JsonObject workflow(int i) {
    String shape = SHAPES[i % SHAPES.length];
    List<JsonObject> jobs = switch (shape) {
      case "chain" -> chain();
      case "fan" -> fan();
      case "retry" -> retry();
      default -> diamond();
    };
    return new JsonObject().put("name", "chaos-" + shape + "-" + i)
        .put("priority", random.nextInt(3))
        .put("labels", new JsonObject().put("chaos_run", runId).put("shape", shape))
        .put("jobs", new JsonArray(new ArrayList<>(jobs)));
  }

  /** a → b → c → d → e, sleeps and echoes alternating. */
  private List<JsonObject> chain() {
    List<JsonObject> jobs = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      String name = "step" + k;
      JsonObject job = k % 2 == 0 ? sleep(name, 300 + random.nextInt(1200)) : echo(name);
      if (k > 0) {
        job.put("depends_on", new JsonArray().add("step" + (k - 1)));
      }
      jobs.add(job);
    }
    return jobs;
  }

  /** root → 4..8 parallel sleeps → join (an echo that must see every branch's result). */
  private List<JsonObject> fan() {
    List<JsonObject> jobs = new ArrayList<>();
    jobs.add(echo("root"));
    int width = 4 + random.nextInt(5);
    JsonArray branches = new JsonArray();
    for (int k = 0; k < width; k++) {
      String name = "branch" + k;
      jobs.add(sleep(name, 500 + random.nextInt(2000)).put("depends_on", new JsonArray().add("root")));
      branches.add(name);
    }
    jobs.add(echo("join").put("depends_on", branches));
    return jobs;
  }

  /** A job that fails its first one or two attempts, then an echo after it. */
  private List<JsonObject> retry() {
    JsonObject flaky = job("flaky", "fail").put("payload", new JsonObject()
        .put("message", "chaos: planned failure").put("retryable", true)
        .put("succeed_on_attempt", 2 + random.nextInt(2)));
    return List.of(flaky, echo("after").put("depends_on", new JsonArray().add("flaky")));
  }

  /** top → (left: flaky, right: sleep) → bottom (fan-in of two). */
  private List<JsonObject> diamond() {
    JsonObject left = job("left", "fail").put("payload", new JsonObject()
        .put("message", "chaos: planned failure").put("retryable", true).put("succeed_on_attempt", 2))
        .put("depends_on", new JsonArray().add("top"));
    JsonObject right = sleep("right", 300 + random.nextInt(1200)).put("depends_on", new JsonArray().add("top"));
    JsonObject bottom = echo("bottom").put("depends_on", new JsonArray().add("left").add("right"));
    return List.of(echo("top"), left, right, bottom);
  }

  private JsonObject sleep(String name, int ms) {
    return job(name, "sleep").put("payload", new JsonObject().put("ms", ms));
  }

  private JsonObject echo(String name) {
    return job(name, "echo").put("payload", new JsonObject().put("n", random.nextInt(1000)));
  }

  private static JsonObject job(String name, String type) {
    return new JsonObject().put("name", name).put("type", type).put("timeout_ms", 10_000)
        .put("retry", new JsonObject().put("max_attempts", MAX_ATTEMPTS).put("initial_delay_ms", 100)
            .put("multiplier", 2.0).put("max_delay_ms", 1000));
  }
}
