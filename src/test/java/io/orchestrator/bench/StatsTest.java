package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(5, 1, 3))).isEqualTo(3.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void percentilesAreNearestRank() {
    List<Integer> hundred = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      hundred.add(i);
    }
    assertThat(Stats.percentile(hundred, 50)).isEqualTo(50.0);
    assertThat(Stats.percentile(hundred, 99)).isEqualTo(99.0);
    assertThat(Stats.percentile(hundred, 100)).isEqualTo(100.0);
    assertThat(Stats.percentile(List.of(7, 1, 4), 50)).isEqualTo(4.0);
    assertThat(Stats.percentile(List.of(7, 1, 4), 99)).isEqualTo(7.0);
    assertThat(Stats.percentile(List.of(7), 1)).isEqualTo(7.0);
    assertThat(Stats.percentile(List.of(), 50)).isNaN();
    assertThatThrownBy(() -> Stats.percentile(List.of(1), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summaryGivesMedianAndSpreadIgnoringMissingValues() {
    List<Double> values = new ArrayList<>(List.of(3.0, 9.0, 1.0));
    values.add(null);
    values.add(Double.NaN);
    Stats.Summary s = Stats.Summary.of(values);
    assertThat(s).isEqualTo(new Stats.Summary(3.0, 1.0, 9.0, 3));
    assertThat(Stats.Summary.of(List.of()).empty()).isTrue();
  }
}
