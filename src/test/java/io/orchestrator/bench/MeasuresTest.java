package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuresTest {

  private static JsonObject job(String name, String started, String finished, JsonObject result) {
    return new JsonObject().put("name", name).put("state", "SUCCEEDED").put("started_at", started)
        .put("finished_at", finished).put("result", result);
  }

  private static JsonObject stamp(long startedUs, long finishedUs) {
    return new JsonObject().put("started_us", startedUs).put("finished_us", finishedUs);
  }

  @Test
  void hopsFollowTheChainOrderByJobNameNotListOrder() {
    JsonObject wf = new JsonObject().put("state", "SUCCEEDED").put("jobs", new JsonArray()
        .add(job("j10", null, null, stamp(10_000, 10_100)))
        .add(job("j2", null, null, stamp(3_000, 3_100)))
        .add(job("j1", null, null, stamp(1_000, 1_500))));
    // j1 and j2 are consecutive (1.5 ms hop); j10 follows nothing named j3..j9 here, so its hop is from j2.
    assertThat(Measures.hopsMs(List.of(wf))).containsExactly(1.5, 6.9);
  }

  @Test
  void throughputAndWallComeFromCoordinatorTimestamps() {
    JsonObject wf = new JsonObject().put("state", "SUCCEEDED")
        .put("created_at", "2026-01-01T00:00:00.000Z").put("finished_at", "2026-01-01T00:00:02.500Z")
        .put("jobs", new JsonArray()
            .add(job("a", "2026-01-01T00:00:00.500Z", "2026-01-01T00:00:01.000Z", null))
            .add(job("b", "2026-01-01T00:00:01.000Z", "2026-01-01T00:00:02.500Z", null)));
    assertThat(Measures.jobsPerSecond(List.of(wf))).isCloseTo(1.0, within(1e-9));
    assertThat(Measures.wallSeconds(List.of(wf))).isCloseTo(2.5, within(1e-9));
    assertThat(Measures.jobCount(List.of(wf))).isEqualTo(2);
    assertThat(Measures.notSucceeded(List.of(wf, new JsonObject().put("state", "FAILED")))).isEqualTo(1);
  }

  @Test
  void workloadsHaveTheSizesOfTheIssue() {
    assertThat(Workload.W1_FLAT.bodies(1)).hasSize(20_000);
    assertThat(new JsonObject(Workload.W1_ONE.bodies(1).get(0)).getJsonArray("jobs")).hasSize(20_000);
    JsonObject chain = new JsonObject(Workload.W2.bodies(1).get(0));
    assertThat(chain.getJsonArray("jobs")).hasSize(10);
    assertThat(chain.getJsonArray("jobs").getJsonObject(9).getJsonArray("depends_on")).containsExactly("j8");
    JsonObject fan = new JsonObject(Workload.W3.bodies(1).get(0));
    assertThat(fan.getJsonArray("jobs")).hasSize(52);
    assertThat(fan.getJsonArray("jobs").getJsonObject(51).getJsonArray("depends_on")).hasSize(50);
    assertThat(Workload.QUEUED.bodies(1)).hasSize(1_000);
    assertThat(new JsonObject(Workload.QUEUED.bodies(1).get(0)).getJsonArray("jobs")).hasSize(100);
  }

  @Test
  void coresBusySumsEveryMeasuredProcessOverTheWindow() {
    JsonObject run = new JsonObject().put("coordinator_cpu_us_per_job", 70.0).put("worker_cpu_us_per_job", 20.0)
        .put("bench_cpu_us_per_job", 10.0).put("postgres_cpu_us_per_job", 150.0);
    // 250 us for each of 4,000 jobs is 1 s of CPU; over a 0.625 s window, 1.6 cores. No Redis figure: zero.
    assertThat(Measures.coresBusy(run, 4_000, 0.625)).isCloseTo(1.6, within(1e-9));
  }
}
