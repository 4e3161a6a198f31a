package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Ids;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EagerStartsTest {
  private static QueuedJob job(String queue, String type, int workflowPriority) {
    return new QueuedJob(Ids.next(), Ids.next(), queue, type, workflowPriority, 0);
  }

  @Test
  void bestJobsFirstEachOnTheFirstOfferThatServesItUpToItsSlots() {
    QueuedJob older = job("default", "t", 0);
    QueuedJob newer = job("default", "t", 0);
    QueuedJob urgent = job("default", "t", 2);
    QueuedJob gpu = job("gpu", "render", 0);
    EagerStarts eager = new EagerStarts(List.of(
        new EagerStarts.Offer("w1", List.of("default"), Set.of(), 2),
        new EagerStarts.Offer("w2", List.of("default", "gpu"), Set.of("render"), 1)), Map.of());

    List<StartAttempt> chosen = eager.choose(List.of(newer, gpu, older, urgent));

    assertThat(chosen).containsExactly(new StartAttempt(urgent.jobId(), "w1"), new StartAttempt(older.jobId(), "w1"),
        new StartAttempt(gpu.jobId(), "w2"));
  }

  @Test
  void aJobThatTheHeadOfItsQueueGoesBeforeIsLeftToTheQueue() {
    QueuedJob plain = job("default", "t", 0);
    QueuedJob urgent = job("default", "t", 3);
    QueueHead waiting = new QueueHead(-10_000, Ids.next()); // workflow priority 1
    EagerStarts eager = new EagerStarts(List.of(new EagerStarts.Offer("w1", List.of("default"), Set.of(), 5)),
        Map.of("default", waiting));

    assertThat(eager.choose(List.of(plain, urgent))).containsExactly(new StartAttempt(urgent.jobId(), "w1"));
    assertThat(EagerStarts.NONE.choose(List.of(plain))).isEmpty();
  }
}
