package io.orchestrator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.memory.MemoryStateStore;
import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit: batches in flight at once, the order of reports on one job, and each caller
 * answered with its own results. The memory store answers every batch 100 ms late, so that batches
 * overlap. (Unknown jobs: every report is rejected, which is all the batcher needs.)
 */
class ReportBatcherTest {
  private static final long DELAY_MS = 100;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  /** The job ids of each batch, in the order the batches were sent to the store. */
  private final List<List<UUID>> batches = new CopyOnWriteArrayList<>();
  /** "start:<first job>" and "end:<first job>" of each batch, in order. */
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private StateStore slowStore() {
    StateStore store = new MemoryStateStore("batcher-test", Clock.systemUTC());
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          Object answer;
          try {
            answer = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (!method.getName().equals("report") || !(args.length == 1 || args[1] instanceof EagerStarts)) {
            return answer;
          }
          List<UUID> jobs = new ArrayList<>();
          ((List<?>) args[0]).forEach(r -> jobs.add(((Report) r).jobId()));
          batches.add(jobs);
          log.add("start:" + jobs.get(0));
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          return ((Future<?>) answer).compose(batch -> vertx.timer(DELAY_MS).map(t -> {
            inFlight.decrementAndGet();
            log.add("end:" + jobs.get(0));
            return batch;
          }));
        });
  }

  private static Report report(UUID job) {
    return Report.complete(job, 1, "w", null);
  }

  /** Submits each list of reports on one context (the batcher is confined to one) and waits for every answer. */
  private List<List<ReportResult>> submitAll(List<List<Report>> submissions) throws Exception {
    StateStore store = slowStore();
    Promise<List<List<ReportResult>>> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      ReportBatcher batcher = new ReportBatcher(vertx, store, reports -> Future.succeededFuture(EagerStarts.NONE), committed -> {});
      List<Future<List<ReportResult>>> answers = new ArrayList<>();
      submissions.forEach(reports -> answers.add(batcher.submit(reports)));
      Future.all(answers).map(done -> {
        List<List<ReportResult>> out = new ArrayList<>();
        answers.forEach(a -> out.add(a.result()));
        return out;
      }).onComplete(all);
    });
    return all.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void reportsOnOtherJobsGoInASecondBatchWhileTheFirstIsInFlight() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();

    List<List<ReportResult>> answers = submitAll(List.of(List.of(report(a)), List.of(report(b)), List.of(report(c))));

    assertThat(peak.get()).isEqualTo(ReportBatcher.MAX_IN_FLIGHT);
    // a alone (nothing was in flight), b next to it, c waits and goes when one of them is done.
    assertThat(batches).containsExactly(List.of(a), List.of(b), List.of(c));
    assertThat(answers).extracting(results -> results.get(0).report().jobId()).containsExactly(a, b, c);
  }

  @Test
  void aReportOnAJobInFlightWaitsForThatBatch() throws Exception {
    UUID job = UUID.randomUUID();
    UUID other = UUID.randomUUID();

    List<List<ReportResult>> answers = submitAll(List.of(
        List.of(report(job)), List.of(Report.lost(job, 1, "w", "gone"), report(other))));

    assertThat(peak.get()).isEqualTo(1);
    assertThat(log).containsExactly("start:" + job, "end:" + job, "start:" + job, "end:" + job);
    assertThat(answers.get(0)).extracting(r -> r.report().kind()).containsExactly(Report.Kind.COMPLETE);
    assertThat(answers.get(1)).extracting(r -> r.report().kind()).containsExactly(Report.Kind.LOST, Report.Kind.COMPLETE);
  }
}
