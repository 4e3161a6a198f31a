package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final List<String> CONTRACT_KEYS =
      List.of("w1_jobs_per_s", "w2_hop_p50_ms", "w2_hop_p99_ms", "w3_wall_s", "coordinator_peak_rss_mb");

  private static JsonObject run(String mode, Workload w, int run, String field, double value) {
    return new JsonObject().put("mode", mode).put("workload", w.key).put("run", run).put("status", "ok")
        .put(field, value).put("coordinator_peak_rss_mb", 100.0 + run);
  }

  private static List<JsonObject> sample() {
    List<JsonObject> results = new ArrayList<>();
    for (int r = 1; r <= 3; r++) {
      results.add(run("memory", Workload.W1_FLAT, r, "jobs_per_s", 1000.0 * r));
      results.add(run("memory", Workload.W2, r, "hop_p50_ms", r).put("hop_p99_ms", 10.0 * r));
      results.add(run("memory", Workload.W3, r, "wall_s", 0.1 * r).put("cores_busy", 1.0 + 0.1 * r));
      results.add(new JsonObject().put("mode", "durable").put("workload", Workload.W1_FLAT.key).put("run", r)
          .put("status", "error").put("error", "the coordinator exited"));
    }
    return results;
  }

  @Test
  void latestJsonHasTheContractKeysPerModePlusMachineAndCommit() {
    JsonObject latest = Report.latest(sample(), List.of("memory", "durable"),
        new JsonObject().put("cores", 2), "abc123");
    assertThat(latest.fieldNames()).containsExactlyInAnyOrder("memory", "durable", "machine", "commit");
    assertThat(latest.getString("commit")).isEqualTo("abc123");
    assertThat(latest.getJsonObject("machine").getInteger("cores")).isEqualTo(2);
    for (String mode : List.of("memory", "durable")) {
      assertThat(latest.getJsonObject(mode).fieldNames()).containsAll(CONTRACT_KEYS);
    }
    JsonObject memory = latest.getJsonObject("memory");
    assertThat(memory.getDouble("w1_jobs_per_s")).isEqualTo(2000.0);
    assertThat(memory.getDouble("w2_hop_p50_ms")).isEqualTo(2.0);
    assertThat(memory.getDouble("w2_hop_p99_ms")).isEqualTo(20.0);
    assertThat(memory.getDouble("w3_wall_s")).isEqualTo(0.2);
    assertThat(memory.getDouble("coordinator_peak_rss_mb")).isEqualTo(102.0);
    assertThat(memory.getJsonObject("spread_min_max_runs").getJsonArray("w1_jobs_per_s"))
        .isEqualTo(new JsonArray().add(1000.0).add(3000.0).add(3));
    JsonObject durable = latest.getJsonObject("durable");
    assertThat(durable.getValue("w1_jobs_per_s")).isNull();
    assertThat(durable.getJsonArray("errors")).hasSize(3);
    // Round-trips as strict JSON (no NaN tokens).
    assertThat(new JsonObject(latest.encode())).isEqualTo(latest);
  }

  @Test
  void tableShowsMedianSpreadTargetAndVerdict() {
    String table = Report.table(sample(), List.of("memory", "durable"));
    assertThat(table).contains("2000 (1000-3000)").contains(">= 50000").contains("MISSED");
    assertThat(table).contains("0.20 (0.10-0.30)").contains("met");
    assertThat(table).contains("error");
  }

  @Test
  void aValueThatSucceededRunsDoNotHaveReadsNotApplicable() {
    // Memory runs have no PostgreSQL: the cell says so instead of repeating the runs' status "ok".
    String row = Report.table(sample(), List.of("memory", "durable")).lines()
        .filter(line -> line.startsWith("PostgreSQL CPU")).findFirst().orElseThrow();
    assertThat(row).contains("n/a").doesNotContain(" ok ");
  }

  @Test
  void aComparisonShowsBothSidesTheChangeAndWhetherTheRangesOverlap() {
    List<JsonObject> a = sample();
    List<JsonObject> b = new ArrayList<>();
    for (int r = 1; r <= 3; r++) {
      b.add(run("memory", Workload.W1_FLAT, r, "jobs_per_s", 4000.0 + 100 * r)); // all above A's best
      b.add(run("memory", Workload.W2, r, "hop_p50_ms", 1.5 * r).put("hop_p99_ms", 10.0 * r)); // overlapping
      b.add(run("memory", Workload.W3, r, "wall_s", 0.5 + 0.1 * r).put("cores_busy", 1.9)); // slower: worse
    }
    String table = Report.compare(a, b, List.of("memory", "durable"));
    assertThat(table).contains("A: median (min-max)").contains("B: median (min-max)");
    assertThat(lineOf(table, "W1 jobs/s")).contains("2000 (1000-3000)").contains("4200 (4100-4300)")
        .contains("+110.0 %  better");
    assertThat(lineOf(table, "W2 hop p50")).contains("+50.0 %  overlap");
    assertThat(lineOf(table, "W2 hop p99")).contains("+0.0 %  overlap");
    assertThat(lineOf(table, "W3 wall")).contains("worse");
    assertThat(lineOf(table, "cores busy in W3")).contains("1.20 (1.10-1.30)").endsWith("higher");
    // A mode whose runs all failed says so instead of a number.
    assertThat(table.substring(table.indexOf("durable"))).contains("error");
  }

  private static String lineOf(String table, String label) {
    return table.lines().filter(line -> line.startsWith(label)).findFirst().orElseThrow();
  }
}
