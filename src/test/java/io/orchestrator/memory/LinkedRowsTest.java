package io.orchestrator.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Ids;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkedRowsTest {
  private final MemoryWorkflow workflow = new MemoryWorkflow(Ids.next(), "w", 0, null, null, Instant.EPOCH, 4);

  @Test
  void keepsJobsInTheOrderTheyCameAndRemovesFromAnyPlace() {
    LinkedRows<MemoryJob> list = new LinkedRows<>();
    MemoryJob a = job("a");
    MemoryJob b = job("b");
    MemoryJob c = job("c");
    MemoryJob d = job("d");
    list.add(a);
    list.add(b);
    list.add(c);
    list.add(d);
    assertThat(names(list)).containsExactly("a", "b", "c", "d");

    list.remove(b);
    assertThat(names(list)).containsExactly("a", "c", "d");
    list.remove(a);
    assertThat(names(list)).containsExactly("c", "d");
    list.remove(d);
    assertThat(names(list)).containsExactly("c");
    assertThat(list.size()).isEqualTo(1);

    list.add(a);
    assertThat(list.stream().map(MemoryJob::name).toList()).containsExactly("c", "a");
    list.remove(c);
    list.remove(a);
    assertThat(list.size()).isZero();
    assertThat(list.iterator().hasNext()).isFalse();

    list.add(b);
    assertThat(names(list)).containsExactly("b");
    assertThat(list.first()).isSameAs(b);
  }

  @Test
  void aJobMovesBetweenListsThroughTheSameLinks() {
    LinkedRows<MemoryJob> queued = new LinkedRows<>();
    LinkedRows<MemoryJob> running = new LinkedRows<>();
    MemoryJob a = job("a");
    MemoryJob b = job("b");
    queued.add(a);
    queued.add(b);
    queued.remove(a);
    running.add(a);

    assertThat(names(queued)).containsExactly("b");
    assertThat(names(running)).containsExactly("a");
  }

  private MemoryJob job(String name) {
    return new MemoryJob(Ids.next(), workflow,
        new JobSpec(name, "echo", null, List.of(), "default", RetryPolicy.NONE, 1000, 0), Instant.EPOCH);
  }

  private static List<String> names(LinkedRows<MemoryJob> list) {
    List<String> names = new ArrayList<>();
    for (MemoryJob job : list) {
      names.add(job.name());
    }
    return names;
  }
}
