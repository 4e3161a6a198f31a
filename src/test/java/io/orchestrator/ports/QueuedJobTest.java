package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueuedJobTest {
  private static QueuedJob job(UUID id, int workflowPriority, int jobPriority) {
    return new QueuedJob(id, id, "default", "noop", workflowPriority, jobPriority);
  }

  @Test
  void equalScoresOrderLikeTheIdsTextAsRedisDoes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      // Half the pairs share the high half, so that the low half decides too; signs of both halves vary.
      long high = random.nextLong();
      UUID a = new UUID(high, random.nextLong());
      UUID b = new UUID(i % 2 == 0 ? high : random.nextLong(), random.nextLong());
      int expected = Integer.signum(a.toString().compareTo(b.toString()));
      assertThat(Integer.signum(job(a, 0, 0).compareTo(job(b, 0, 0)))).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  @Test
  void priorityGoesBeforeAge() {
    UUID older = new UUID(1, 1);
    UUID newer = new UUID(2, 1);
    assertThat(job(newer, 1, 0).compareTo(job(older, 0, 0))).isNegative();
    assertThat(job(newer, 0, 5).compareTo(job(older, 0, 0))).isNegative();
    assertThat(job(older, 0, 0).compareTo(job(newer, 0, 0))).isNegative();
  }
}
