package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The behaviour every {@link StateStore} must have (memory and PostgreSQL alike), in one contract
 * class per concern: {@link StateStoreSubmitContract}, {@link StateStoreStartContract},
 * {@link StateStoreReportContract}, {@link StateStoreFailureContract},
 * {@link StateStoreWorkflowControlContract}, {@link StateStoreQueryContract} and
 * {@link StateStoreRecoveryContract}. This base holds what they share: the store, its fixtures and
 * helpers.
 *
 * <p>An implementation's test class registers its {@link Factory} and nests one subclass of each
 * contract ({@code @Nested class Submit extends StateStoreSubmitContract {}}). Each test gets a
 * fresh, empty store from that factory. Nothing here controls time: the store runs on the wall
 * clock, and retries are released with a {@code now} far in the future. Instants from the store are
 * compared with a millisecond tolerance (PostgreSQL keeps microseconds).
 */
@ExtendWith(VertxExtension.class)
public abstract class StateStoreContract {
  public static final String W1 = "worker-1";
  public static final String W2 = "worker-2";
  public static final RetryPolicy NO_RETRY = new RetryPolicy(1, 0, 2.0, 0);
  public static final RetryPolicy RETRY_AT_ONCE = new RetryPolicy(3, 0, 2.0, 0);
  public static final RetryPolicy RETRY_IN_AN_HOUR = new RetryPolicy(3, 3_600_000, 2.0, 7_200_000);
  public static final Instant FAR_FUTURE = Instant.now().plus(Duration.ofDays(3650));

  /**
   * Makes the stores of one implementation. Registered as an extension on the implementation's test
   * class ({@code @RegisterExtension static final StateStoreContract.Factory STORES = ...}), it
   * reaches every contract nested there.
   */
  @FunctionalInterface
  public interface Factory extends ParameterResolver {
    /** A new, empty store; the clock is the wall clock (a database store may ignore it). */
    Future<StateStore> newStore(Vertx vertx, Clock clock);

    @Override
    default boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Factory.class;
    }

    @Override
    default Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return this;
    }
  }

  protected StateStore store;

  @BeforeEach
  void openStore(Vertx vertx, Factory factory) {
    store = await(factory.newStore(vertx, Clock.systemUTC()));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      await(store.close());
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Waits (bounded) for a store answer; tests run on the JUnit thread, never on an event loop. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("store did not answer within 20 s", e);
    }
  }

  public static JobSpec job(String name, String... deps) {
    return job(name, "echo", NO_RETRY, deps);
  }

  public static JobSpec job(String name, String type, RetryPolicy retry, String... deps) {
    return new JobSpec(name, type, new JsonObject().put("job", name), List.of(deps), "default", retry, 30_000, 0);
  }

  public static WorkflowSpec workflow(JobSpec... jobs) {
    return new WorkflowSpec("wf", 0, new JsonObject(), List.of(jobs));
  }

  /** a -> (b, c) -> d */
  public static WorkflowSpec diamond() {
    return workflow(job("a"), job("b", "a"), job("c", "a"), job("d", "b", "c"));
  }

  protected Workflow submit(WorkflowSpec spec) {
    return await(store.submit(spec, null)).workflow();
  }

  protected Map<String, Job> jobs(UUID workflowId) {
    return await(store.workflow(workflowId)).jobs().stream().collect(Collectors.toMap(Job::name, Function.identity()));
  }

  protected UUID jobId(UUID workflowId, String name) {
    return jobs(workflowId).get(name).id();
  }

  protected JobState state(UUID workflowId, String name) {
    return jobs(workflowId).get(name).state();
  }

  protected WorkflowState state(UUID workflowId) {
    return await(store.workflow(workflowId)).state();
  }

  protected Assignment start(UUID jobId, String worker) {
    List<Assignment> started = await(store.start(List.of(new StartAttempt(jobId, worker))));
    assertThat(started).as("started %s", jobId).hasSize(1);
    return started.get(0);
  }

  protected ReportBatch report(Report... reports) {
    return await(store.report(Arrays.asList(reports)));
  }

  /** Starts the named job on W1 and completes it with {@code {"from": name}}; returns the effects. */
  protected Effects run(UUID workflowId, String name) {
    Assignment a = start(jobId(workflowId, name), W1);
    ReportBatch batch = report(Report.complete(a.jobId(), a.attempt(), W1, new JsonObject().put("from", name)));
    assertThat(batch.results().get(0).applied()).isTrue();
    return batch.effects();
  }

  protected Effects failForGood(UUID workflowId, String name) {
    Assignment a = start(jobId(workflowId, name), W1);
    return report(Report.fail(a.jobId(), a.attempt(), W1, "boom", false)).effects();
  }

  public static List<UUID> readyIds(Effects effects) {
    return effects.ready.stream().map(QueuedJob::jobId).toList();
  }

  /** The job transitions of a workflow as "name:FROM>TO" (workflow rows as "wf:FROM>TO"). */
  protected List<String> transitions(UUID workflowId) {
    Map<UUID, String> names = new java.util.HashMap<>();
    jobs(workflowId).values().forEach(j -> names.put(j.id(), j.name()));
    return await(store.events(workflowId)).stream()
        .map(e -> (e.jobId() == null ? "wf" : names.get(e.jobId())) + ":"
            + (e.kind().equals(AuditEvent.REPORT_REJECTED) ? "rejected:" : "") + e.fromState() + ">" + e.toState())
        .toList();
  }

  public static WorkerRecord worker(String id, int concurrency, Instant connected, Instant heartbeat) {
    return new WorkerRecord(id, "name-" + id, List.of("default"), List.of("echo"), concurrency, "coordinator-1",
        connected, heartbeat, List.of());
  }
}
