package io.orchestrator.ports;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link Counters} must do; a subclass supplies fresh (all zero) counters per test. */
@ExtendWith(VertxExtension.class)
public abstract class CountersContract {

  protected abstract Counters counters();

  @Test
  void freshCountersReadZeroForEveryName() {
    Map<String, Long> totals = await(counters().read());

    assertThat(totals.keySet()).containsAll(Counters.NAMES);
    assertThat(totals.values()).containsOnly(0L);
  }

  @Test
  void addsAccumulate() {
    await(counters().add(Map.of(Counters.JOBS_COMPLETED, 2L, Counters.WORKFLOWS_STARTED, 1L)));
    await(counters().add(Map.of(Counters.JOBS_COMPLETED, 3L, Counters.REPORTS_REJECTED, 1L)));

    Map<String, Long> totals = await(counters().read());

    assertThat(totals).containsEntry(Counters.JOBS_COMPLETED, 5L)
        .containsEntry(Counters.WORKFLOWS_STARTED, 1L)
        .containsEntry(Counters.REPORTS_REJECTED, 1L)
        .containsEntry(Counters.JOBS_FAILED, 0L);
  }

  @Test
  void emptyAndZeroDeltasChangeNothing() {
    Map<String, Long> zero = new LinkedHashMap<>();
    zero.put(Counters.JOBS_LOST, 0L);
    await(counters().add(Map.of()));
    await(counters().add(zero));

    assertThat(await(counters().read()).values()).containsOnly(0L);
  }

  @Test
  void concurrentAddsAreNotLost() {
    List<Future<Void>> adds = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      adds.add(counters().add(Map.of(Counters.JOBS_RETRIED, 1L, Counters.JOBS_TIMED_OUT, 2L)));
    }
    await(Future.all(adds));

    Map<String, Long> totals = await(counters().read());

    assertThat(totals).containsEntry(Counters.JOBS_RETRIED, 200L).containsEntry(Counters.JOBS_TIMED_OUT, 400L);
  }

  @Test
  void namesBeyondTheListAreKept() {
    await(counters().add(Map.of("custom_total", 4L)));

    assertThat(await(counters().read())).containsEntry("custom_total", 4L);
  }
}
