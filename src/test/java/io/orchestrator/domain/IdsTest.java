package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreVersion7AndStrictlyIncreasingInTheOrderOfTheirText() {
    UUID previous = Ids.next();
    Set<Long> randomHalves = new HashSet<>();
    for (int i = 0; i < 5_000; i++) { // more than the random pool holds: it is drawn again
      UUID id = Ids.next();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(Ids.compare(previous, id)).isNegative();
      assertThat(previous.toString()).isLessThan(id.toString());
      randomHalves.add(id.getLeastSignificantBits());
      previous = id;
    }
    assertThat(randomHalves).hasSize(5_000);
  }
}
