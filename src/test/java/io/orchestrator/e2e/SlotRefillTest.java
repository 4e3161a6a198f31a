package io.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.Services;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.domain.Limits;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.StateStore;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a worker's freed slot is filled again: at once for a job that nothing depends on (while its
 * report is still being committed), and only after the commit and the enqueue of the released
 * dependants otherwise — so that the next step of a started workflow goes first. The store here
 * holds every report back before answering, which makes the order of events visible.
 */
class SlotRefillTest {
  private static final long COMMIT_DELAY_MS = 300;

  /** "start:<job id>" when the store started a job, "committed:<job id>" when its report's batch is durable. */
  private final List<String> events = new CopyOnWriteArrayList<>();
  private TestCoordinator it;

  @BeforeEach
  void start() {
    it = TestCoordinator.start(TestCoordinator.settings(null, null, Limits.DEFAULTS, 1024 * 1024), (vertx, settings) -> {
      Services memory = ServicesFactory.memory(vertx, "refill-test", settings, CoordinatorMetrics.create());
      return new Services(memory.coordinatorId(), memory.settings(), slowReports(vertx, memory.store()),
          recordingEnqueues(memory.queue()),
          memory.presence(), memory.coordinators(), memory.locks(), memory.feed(), memory.counters(), memory.signals(),
          memory.metrics(), memory.health(), memory.closers());
    });
  }

  @AfterEach
  void stop() {
    it.close();
  }

  /** The queue, with "enqueued:<job id>" recorded for every job put in it. */
  private JobQueue recordingEnqueues(JobQueue queue) {
    return (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(), new Class<?>[] {JobQueue.class},
        (proxy, method, args) -> {
          if (method.getName().equals("enqueue")) {
            ((List<?>) args[0]).forEach(job -> events.add("enqueued:" + ((QueuedJob) job).jobId()));
          }
          try {
            return method.invoke(queue, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The store, with every report batch answered COMMIT_DELAY_MS after it was applied, and the calls recorded. */
  @SuppressWarnings("unchecked")
  private StateStore slowReports(Vertx vertx, StateStore store) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          Object answer;
          try {
            answer = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("start")) {
            // What was started (a start asked for twice, by a claim that raced a sweep, starts once).
            return ((Future<List<Assignment>>) answer).onSuccess(started ->
                started.forEach(a -> events.add("start:" + a.jobId())));
          }
          if (method.getName().equals("report") && args != null
              && (args.length == 1 || args[1] instanceof EagerStarts)) {
            List<?> reports = (List<?>) args[0];
            return ((Future<ReportBatch>) answer).compose(batch -> vertx.timer(COMMIT_DELAY_MS).map(t -> {
              reports.forEach(r -> events.add("committed:" + ((Report) r).jobId()));
              // Started in the report's own transaction (the local fast path).
              batch.effects().started.forEach(a -> events.add("start:" + a.jobId()));
              return batch;
            }));
          }
          return answer;
        });
  }

  private static JsonObject job(String name, String... deps) {
    return new JsonObject().put("name", name).put("type", "noop").put("depends_on", new JsonArray(List.of(deps)));
  }

  /** The events with job ids replaced by the names of the workflow's jobs. */
  private List<String> named(String workflowId) {
    Map<String, String> names = new HashMap<>();
    JsonArray jobs = it.awaitTerminal(workflowId).getJsonArray("jobs");
    jobs.forEach(j -> names.put(((JsonObject) j).getString("id"), ((JsonObject) j).getString("name")));
    // The store has applied every report; the answers come COMMIT_DELAY_MS later.
    TestCoordinator.eventually("every report answered",
        () -> events.stream().filter(e -> e.startsWith("committed:")).count() >= jobs.size());
    return events.stream().map(e -> {
      String id = e.substring(e.indexOf(':') + 1);
      return e.substring(0, e.indexOf(':') + 1) + names.getOrDefault(id, id);
    }).toList();
  }

  @Test
  void aSlotFreedByAJobNothingWaitsForIsRefilledBeforeItsReportIsCommitted() {
    it.worker("one-slot", 1, null);
    String id = it.submit(new JsonObject().put("name", "two").put("jobs", new JsonArray().add(job("a")).add(job("b"))))
        .getString("id");

    List<String> order = named(id);
    assertThat(order).containsSubsequence("start:a", "start:b", "committed:a");
  }

  @Test
  void aSlotFreedByAJobWithDependantsGoesToTheReleasedDependantFirst() {
    it.worker("one-slot", 1, null);
    // c is QUEUED from the start and b only once a succeeded; b's workflow position is older, so b goes first.
    String id = it.submit(new JsonObject().put("name", "chain-and-root")
        .put("jobs", new JsonArray().add(job("a")).add(job("b", "a")).add(job("c")))).getString("id");

    List<String> order = named(id);
    assertThat(order.stream().filter(e -> e.startsWith("start:")).toList()).containsExactly("start:a", "start:b", "start:c");
    assertThat(order).containsSubsequence("committed:a", "start:b");
    // The local fast path: b took a's slot in the transaction that released it, without the queue.
    assertThat(order).doesNotContain("enqueued:b");
  }

  @Test
  void aReleasedDependantWaitsInTheQueueBehindABetterJob() {
    it.worker("one-slot", 1, null);
    // a runs long enough for the urgent job to be queued before a's report comes.
    JsonObject slowA = new JsonObject().put("name", "a").put("type", "sleep").put("payload", new JsonObject().put("ms", 500));
    String chain = it.submit(new JsonObject().put("name", "chain")
        .put("jobs", new JsonArray().add(slowA).add(job("b", "a")))).getString("id");
    TestCoordinator.eventually("a started", () -> events.stream().anyMatch(e -> e.startsWith("start:")));
    // An urgent workflow's job waits in the queue while a runs: it goes before b, which is not started
    // on a's slot by the fast path but queued behind it.
    String urgent = it.submit(new JsonObject().put("name", "urgent").put("priority", 5)
        .put("jobs", new JsonArray().add(job("x")))).getString("id");

    List<String> order = new java.util.ArrayList<>(named(chain));
    Map<String, String> urgentNames = new HashMap<>();
    it.awaitTerminal(urgent).getJsonArray("jobs")
        .forEach(j -> urgentNames.put(((JsonObject) j).getString("id"), ((JsonObject) j).getString("name")));
    order.replaceAll(e -> {
      String jobId = e.substring(e.indexOf(':') + 1);
      return urgentNames.containsKey(jobId) ? e.substring(0, e.indexOf(':') + 1) + urgentNames.get(jobId) : e;
    });
    assertThat(order.stream().filter(e -> e.startsWith("start:")).toList()).containsExactly("start:a", "start:x", "start:b");
    assertThat(order).contains("enqueued:b");
  }
}
