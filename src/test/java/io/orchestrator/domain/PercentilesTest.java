package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles: the definition both stores' analytics share. */
class PercentilesTest {

  @Test
  void nearestRankPicksAnActualValue() {
    List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();
    assertThat(Percentiles.nearestRank(oneToHundred, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(oneToHundred, 95)).isEqualTo(95);
    assertThat(Percentiles.nearestRank(oneToHundred, 99)).isEqualTo(99);
    assertThat(Percentiles.nearestRank(oneToHundred, 100)).isEqualTo(100);
    List<Long> four = List.of(10L, 20L, 30L, 40L);
    assertThat(Percentiles.nearestRank(four, 50)).as("rank ceil(2.0) = 2").isEqualTo(20);
    assertThat(Percentiles.nearestRank(four, 51)).as("rank ceil(2.04) = 3").isEqualTo(30);
    assertThat(Percentiles.nearestRank(List.of(7L), 1)).isEqualTo(7);
  }

  @Test
  void emptyHasNoPercentileAndBadPercentilesAreRefused() {
    assertThat(Percentiles.nearestRank(List.of(), 50)).isNull();
    assertThatThrownBy(() -> Percentiles.nearestRank(List.of(1L), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(List.of(1L), 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summarySortsItsInput() {
    assertThat(Percentiles.summary(List.of(30L, 10L, 20L)))
        .isEqualTo(new JsonObject().put("count", 3).put("p50", 20L).put("p95", 30L).put("p99", 30L));
    assertThat(Percentiles.summary(List.of()))
        .isEqualTo(new JsonObject().put("count", 0).putNull("p50").putNull("p95").putNull("p99"));
  }
}
