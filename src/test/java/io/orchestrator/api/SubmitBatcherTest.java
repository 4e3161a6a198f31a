package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.memory.MemoryStateStore;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of single submissions, over the memory store answering every call 50 ms late
 * (so that calls overlap): concurrent submissions share calls, each caller gets its own workflow,
 * one idempotency key is never twice in a call, and a failing submission does not fail the others.
 */
class SubmitBatcherTest {
  private static final long DELAY_MS = 50;
  private static final String POISON = "poison";
  /** Jobs per call at most: four one-job workflows. */
  private static final int MAX_JOBS = 4;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  /** The workflow names of each call to submitAll, in order. */
  private final List<List<String>> calls = new CopyOnWriteArrayList<>();
  /** The workflow names of each follow-up, in order. */
  private final List<List<String>> followUps = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The memory store, 50 ms late; a call that holds a workflow named "poison" fails whole. */
  private StateStore slowStore() {
    StateStore store = new MemoryStateStore("submit-batcher-test", Clock.systemUTC());
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("submitAll")) {
            try {
              return method.invoke(store, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
          List<String> names = new ArrayList<>();
          ((List<?>) args[0]).forEach(r -> names.add(((SubmitRequest) r).spec().name()));
          calls.add(names);
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          Future<?> answer = names.contains(POISON)
              ? Future.failedFuture(new IllegalStateException("the store refuses " + POISON))
              : store.submitAll((List<SubmitRequest>) args[0]);
          return vertx.timer(DELAY_MS).compose(t -> {
            inFlight.decrementAndGet();
            return answer;
          });
        });
  }

  private static SubmitRequest request(String name, String key) {
    return request(name, key, 1);
  }

  private static SubmitRequest request(String name, String key, int jobs) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      specs.add(new JobSpec("j" + i, "noop", new JsonObject(), List.of(), "default", RetryPolicy.NONE, 30_000, 0));
    }
    return new SubmitRequest(new WorkflowSpec(name, 0, new JsonObject(), specs), key);
  }

  /** Submits every request at once on one context (the batcher is confined to one); one outcome each. */
  private List<Future<Submission>> submitAll(List<SubmitRequest> requests) throws Exception {
    StateStore store = slowStore();
    Promise<List<Future<Submission>>> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      SubmitBatcher batcher = new SubmitBatcher(store, MAX_JOBS, stored -> {
        followUps.add(stored.stream().map(submission -> submission.workflow().name()).toList());
        return Future.succeededFuture();
      });
      List<Future<Submission>> answers = new ArrayList<>();
      requests.forEach(request -> answers.add(batcher.submit(request)));
      Future.join(answers).onComplete(done -> all.complete(answers));
    });
    return all.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void concurrentSubmissionsShareCallsAndEachGetsItsOwnWorkflow() throws Exception {
    List<SubmitRequest> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(request("wf-" + i, null));
    }

    List<Future<Submission>> answers = submitAll(requests);

    // Two go at once, alone; the 18 that arrive meanwhile wait and share the next calls, four
    // one-job workflows to a call at most (the jobs cap).
    assertThat(peak.get()).isEqualTo(SubmitBatcher.MAX_IN_FLIGHT);
    assertThat(calls).hasSize(2 + 5);
    assertThat(calls.subList(2, 7)).extracting(List::size).containsExactly(4, 4, 4, 4, 2);
    assertThat(answers).allMatch(Future::succeeded);
    for (int i = 0; i < 20; i++) {
      Submission submission = answers.get(i).result();
      assertThat(submission.created()).isTrue();
      assertThat(submission.workflow().name()).isEqualTo("wf-" + i);
    }
    assertThat(answers.stream().map(a -> a.result().workflow().id()).distinct()).hasSize(20);
    assertThat(followUps).as("one follow-up per call, with all its submissions").isEqualTo(calls);
  }

  @Test
  void oneIdempotencyKeyIsNeverTwiceInACall() throws Exception {
    List<Future<Submission>> answers = submitAll(List.of(
        request("first", null), request("second", null), request("keyed", "k-1"), request("keyed-again", "k-1"),
        request("other", null)));

    assertThat(calls).noneMatch(call -> call.contains("keyed") && call.contains("keyed-again"));
    assertThat(calls).contains(List.of("keyed", "other"), List.of("keyed-again"));
    assertThat(answers).allMatch(Future::succeeded);
    Submission keyed = answers.get(2).result();
    Submission again = answers.get(3).result();
    assertThat(keyed.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.workflow().id()).isEqualTo(keyed.workflow().id());
  }

  @Test
  void aSubmissionTheStoreRefusesFailsAloneAndTheOthersAreStored() throws Exception {
    List<Future<Submission>> answers = submitAll(List.of(
        request("a", null), request("b", null), request("c", null), request(POISON, null), request("d", null)));

    assertThat(answers.get(3).failed()).isTrue();
    assertThat(answers.get(3).cause()).hasMessageContaining(POISON);
    for (int i : new int[] {0, 1, 2, 4}) {
      assertThat(answers.get(i).succeeded()).isTrue();
      assertThat(answers.get(i).result().created()).isTrue();
    }
    // c, poison and d went together, failed together, then one by one.
    assertThat(calls).contains(List.of("c", POISON, "d"), List.of("c"), List.of(POISON), List.of("d"));
    assertThat(followUps).containsExactlyInAnyOrder(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
  }

  @Test
  void aSubmissionOverTheJobsCapGoesAloneAndTheNextOnesAfterIt() throws Exception {
    List<Future<Submission>> answers = submitAll(List.of(
        request("a", null), request("b", null), request("big", null, 6), request("small", null), request("tiny", null)));

    assertThat(answers).allMatch(Future::succeeded);
    assertThat(calls).containsExactly(List.of("a"), List.of("b"), List.of("big"), List.of("small", "tiny"));
  }
}
