package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The measured workloads of issue 6, each with the worker processes it runs against. */
enum Workload {
  W1_FLAT("w1_flat", "W1 20k one-job workflows, batches of 500, 1x50", 1, 50, 500),
  W1_SINGLE("w1_flat_single_posts", "W1 20k one-job workflows, one POST each, 1x50", 1, 50, 0),
  W1_ONE("w1_one_workflow", "W1 one workflow of 20k jobs, 1 worker x 50", 1, 50, 0),
  W1_TWO("w1_two_workers", "W1 20k one-job workflows, batches, 2 x 25", 2, 25, 500),
  W2("w2_chains", "W2 200 chains of 10", 1, 50, 0),
  W3("w3_fanout", "W3 100 x (1 -> 50 -> 1)", 1, 50, 0),
  QUEUED("rss_100k_queued", "100k queued jobs (1000 x 100), no worker", 0, 0, 0);

  static final int W1_JOBS = 20_000;
  /** How a client with many workflows at hand submits them (POST /api/v1/workflows/batch). */
  static final int W1_BATCH = W1_FLAT.batch;
  static final int W2_WORKFLOWS = 200;
  static final int W2_CHAIN = 10;
  static final int W3_WORKFLOWS = 100;
  static final int W3_WIDTH = 50;
  /** 100,000 queued jobs as 1,000 workflows of 100 independent jobs: submitting is fast, per-workflow cost still counts. */
  static final int QUEUED_WORKFLOWS = 1_000;
  static final int QUEUED_PER_WORKFLOW = 100;

  final String key;
  final String title;
  final int workers;
  final int concurrency;
  /** Workflows per request to the batch endpoint; 0: one POST per workflow. */
  final int batch;

  Workload(String key, String title, int workers, int concurrency, int batch) {
    this.key = key;
    this.title = title;
    this.workers = workers;
    this.concurrency = concurrency;
    this.batch = batch;
  }

  /** The request bodies to POST, in order; {@code scale} shrinks the W1 and queued sizes for quick checks. */
  List<String> bodies(double scale) {
    int w1 = Math.max(1, (int) (W1_JOBS * scale));
    return switch (this) {
      case W1_FLAT, W1_SINGLE, W1_TWO -> Collections.nCopies(w1, oneJob("w1", "noop"));
      case W1_ONE -> List.of(independent("w1-one", w1));
      case W2 -> Collections.nCopies(W2_WORKFLOWS, chain(W2_CHAIN));
      case W3 -> Collections.nCopies(W3_WORKFLOWS, fanOut(W3_WIDTH));
      case QUEUED -> Collections.nCopies(Math.max(1, (int) (QUEUED_WORKFLOWS * scale)), independent("queued", QUEUED_PER_WORKFLOW));
    };
  }

  /** About {@code jobs} jobs as W2's chains and W3's fan-outs, half each (at least one of each). */
  static List<String> dependencyShapes(int jobs) {
    List<String> bodies = new ArrayList<>();
    bodies.addAll(Collections.nCopies(Math.max(1, jobs / 2 / W2_CHAIN), chain(W2_CHAIN)));
    bodies.addAll(Collections.nCopies(Math.max(1, jobs / 2 / (W3_WIDTH + 2)), fanOut(W3_WIDTH)));
    return bodies;
  }

  static String oneJob(String name, String type) {
    return new JsonObject().put("name", name)
        .put("jobs", new JsonArray().add(job("j", type))).encode();
  }

  static String independent(String name, int n) {
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < n; i++) {
      jobs.add(job("j" + i, "noop"));
    }
    return new JsonObject().put("name", name).put("jobs", jobs).encode();
  }

  /** Jobs j0 → j1 → … of type {@code stamp}, so hops can be read from worker-side timestamps. */
  static String chain(int length) {
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < length; i++) {
      JsonObject job = job("j" + i, "stamp");
      if (i > 0) {
        job.put("depends_on", new JsonArray().add("j" + (i - 1)));
      }
      jobs.add(job);
    }
    return new JsonObject().put("name", "w2-chain").put("jobs", jobs).encode();
  }

  static String fanOut(int width) {
    JsonArray jobs = new JsonArray().add(job("root", "noop"));
    List<String> middle = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      String name = "m" + i;
      middle.add(name);
      jobs.add(job(name, "noop").put("depends_on", new JsonArray().add("root")));
    }
    jobs.add(job("join", "noop").put("depends_on", new JsonArray(middle)));
    return new JsonObject().put("name", "w3-fan").put("jobs", jobs).encode();
  }

  private static JsonObject job(String name, String type) {
    return new JsonObject().put("name", name).put("type", type);
  }
}
