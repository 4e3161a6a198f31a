package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Times;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link StateStore} must have (memory and PostgreSQL alike). Each test gets a
 * fresh, empty store from {@link #newStore}. Nothing here controls time: the store runs on the wall
 * clock, and retries are released with a {@code now} far in the future. Instants from the store are
 * compared with a millisecond tolerance (PostgreSQL keeps microseconds).
 */
@ExtendWith(VertxExtension.class)
public abstract class StateStoreContract {
  protected static final String W1 = "worker-1";
  protected static final String W2 = "worker-2";
  protected static final RetryPolicy NO_RETRY = new RetryPolicy(1, 0, 2.0, 0);
  protected static final RetryPolicy RETRY_AT_ONCE = new RetryPolicy(3, 0, 2.0, 0);
  protected static final RetryPolicy RETRY_IN_AN_HOUR = new RetryPolicy(3, 3_600_000, 2.0, 7_200_000);
  protected static final Instant FAR_FUTURE = Instant.now().plus(Duration.ofDays(3650));

  protected StateStore store;

  /** A new, empty store; the clock is the wall clock (a database store may ignore it). */
  protected abstract Future<StateStore> newStore(Vertx vertx, Clock clock);

  @BeforeEach
  void openStore(Vertx vertx) {
    store = await(newStore(vertx, Clock.systemUTC()));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      await(store.close());
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Waits (bounded) for a store answer; tests run on the JUnit thread, never on an event loop. */
  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("store did not answer within 20 s", e);
    }
  }

  protected static JobSpec job(String name, String... deps) {
    return job(name, "echo", NO_RETRY, deps);
  }

  protected static JobSpec job(String name, String type, RetryPolicy retry, String... deps) {
    return new JobSpec(name, type, new JsonObject().put("job", name), List.of(deps), "default", retry, 30_000, 0);
  }

  protected static WorkflowSpec workflow(JobSpec... jobs) {
    return new WorkflowSpec("wf", 0, new JsonObject(), List.of(jobs));
  }

  /** a -> (b, c) -> d */
  protected static WorkflowSpec diamond() {
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

  protected static List<UUID> readyIds(Effects effects) {
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

  // ---- submit, idempotency, reads ------------------------------------------------------------

  @Test
  void submitQueuesRootsAndBlocksTheRest() {
    WorkflowSpec spec = new WorkflowSpec("etl", 5, new JsonObject().put("team", "data"), List.of(
        new JobSpec("a", "extract", new JsonObject().put("rows", 3), List.of(), "q1", NO_RETRY, 1000, 2),
        job("b", "a"), job("c", "a"), job("d", "b", "c"), job("e")));
    Submission submission = await(store.submit(spec, null));

    Workflow wf = submission.workflow();
    assertThat(submission.created()).isTrue();
    assertThat(wf.state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(wf.name()).isEqualTo("etl");
    assertThat(wf.priority()).isEqualTo(5);
    assertThat(wf.labels()).isEqualTo(new JsonObject().put("team", "data"));
    assertThat(wf.createdAt()).isNotNull().isEqualTo(wf.startedAt());
    assertThat(wf.finishedAt()).isNull();
    assertThat(wf.jobs()).extracting(Job::name).containsExactly("a", "b", "c", "d", "e");
    assertThat(wf.jobs()).extracting(Job::state).containsExactly(
        JobState.QUEUED, JobState.BLOCKED, JobState.BLOCKED, JobState.BLOCKED, JobState.QUEUED);
    assertThat(wf.jobs()).allSatisfy(j -> {
      assertThat(j.attempt()).isZero();
      assertThat(j.attemptBase()).isZero();
      assertThat(j.workflowId()).isEqualTo(wf.id());
      assertThat(j.queuedAt() != null).isEqualTo(j.state() == JobState.QUEUED);
    });
    Job a = wf.jobs().get(0);
    assertThat(submission.effects().ready).containsExactly(
        new QueuedJob(a.id(), wf.id(), "q1", "extract", 5, 2),
        new QueuedJob(wf.jobs().get(4).id(), wf.id(), "default", "echo", 5, 0));
    assertThat(submission.effects().changes).hasSize(6);
    assertThat(await(store.workflow(wf.id()))).isEqualTo(wf);
    assertThat(await(store.job(a.id()))).isEqualTo(a);
    assertThat(transitions(wf.id())).containsExactly(
        "wf:null>RUNNING", "a:null>QUEUED", "b:null>BLOCKED", "c:null>BLOCKED", "d:null>BLOCKED", "e:null>QUEUED");
  }

  @Test
  void sameIdempotencyKeyReturnsTheFirstWorkflow() {
    Submission first = await(store.submit(diamond(), "key-1"));
    Submission again = await(store.submit(workflow(job("other")), "key-1"));
    Submission otherKey = await(store.submit(diamond(), "key-2"));
    Submission noKey1 = await(store.submit(diamond(), null));
    Submission noKey2 = await(store.submit(diamond(), null));

    assertThat(again.created()).isFalse();
    assertThat(again.workflow()).isEqualTo(first.workflow());
    assertThat(again.effects().isEmpty()).isTrue();
    assertThat(List.of(otherKey, noKey1, noKey2)).allMatch(Submission::created);
    assertThat(await(store.workflows(null, 100, null)).items()).hasSize(4);
  }

  @Test
  void unknownIdsAreNull() {
    UUID unknown = UUID.randomUUID();
    assertThat(await(store.workflow(unknown))).isNull();
    assertThat(await(store.job(unknown))).isNull();
    assertThat(await(store.events(unknown))).isNull();
  }

  @Test
  void listsNewestFirstWithCursorAndStateFilter() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(submit(workflow(job("only"))).id());
    }
    run(ids.get(1), "only");
    List<UUID> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);

    Page<Workflow> first = await(store.workflows(null, 3, null));
    assertThat(first.items()).extracting(Workflow::id).containsExactlyElementsOf(newestFirst.subList(0, 3));
    assertThat(first.items()).allSatisfy(w -> assertThat(w.jobs()).isEmpty());
    assertThat(first.nextCursor()).isNotNull();
    Page<Workflow> second = await(store.workflows(null, 3, first.nextCursor()));
    assertThat(second.items()).extracting(Workflow::id).containsExactly(newestFirst.get(3));
    assertThat(second.nextCursor()).isNull();

    Page<Workflow> exact = await(store.workflows(null, 2, await(store.workflows(null, 2, null)).nextCursor()));
    assertThat(exact.items()).extracting(Workflow::id).containsExactlyElementsOf(newestFirst.subList(2, 4));
    assertThat(exact.nextCursor()).as("no cursor after the last page").isNull();

    assertThat(await(store.workflows(WorkflowState.SUCCEEDED, 10, null)).items())
        .extracting(Workflow::id).containsExactly(ids.get(1));
    Page<Workflow> running = await(store.workflows(WorkflowState.RUNNING, 2, null));
    assertThat(running.items()).extracting(Workflow::id).containsExactly(ids.get(3), ids.get(2));
    assertThat(await(store.workflows(WorkflowState.RUNNING, 2, running.nextCursor())).items())
        .extracting(Workflow::id).containsExactly(ids.get(0));
    assertThat(await(store.workflows(WorkflowState.FAILED, 10, null)).items()).isEmpty();
  }

  @Test
  void aBadCursorFails() {
    assertThat(store.workflows(null, 10, "not-a-cursor").toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(20));
  }

  // ---- submitAll: several workflows in one atomic change ---------------------------------------

  protected static WorkflowSpec named(String name, WorkflowSpec spec) {
    return new WorkflowSpec(name, spec.priority(), spec.labels(), spec.jobs());
  }

  protected static SubmitRequest request(WorkflowSpec spec, String idempotencyKey) {
    return new SubmitRequest(spec, idempotencyKey);
  }

  @Test
  void submitAllStoresEachWorkflowAndAnswersInRequestOrder() {
    List<Submission> answers = await(store.submitAll(List.of(
        request(named("single", workflow(job("only"))), null),
        request(named("diamond", diamond()), "batch-key"),
        request(named("pair", workflow(job("x"), job("y"), job("z", "x", "y"))), null))));

    assertThat(answers).extracting(s -> s.workflow().name()).containsExactly("single", "diamond", "pair");
    assertThat(answers).allSatisfy(s -> {
      assertThat(s.created()).isTrue();
      assertThat(s.workflow().state()).isEqualTo(WorkflowState.RUNNING);
      assertThat(await(store.workflow(s.workflow().id()))).isEqualTo(s.workflow());
      List<UUID> roots = s.workflow().jobs().stream().filter(j -> j.dependsOn().isEmpty()).map(Job::id).toList();
      assertThat(readyIds(s.effects())).as("%s's roots", s.workflow().name()).containsExactlyElementsOf(roots);
      assertThat(s.workflow().jobs()).allSatisfy(j -> {
        assertThat(j.workflowId()).isEqualTo(s.workflow().id());
        assertThat(j.state()).isEqualTo(j.dependsOn().isEmpty() ? JobState.QUEUED : JobState.BLOCKED);
      });
    });
    assertThat(answers.get(1).workflow().idempotencyKey()).isEqualTo("batch-key");
    assertThat(answers.get(1).workflow().jobs()).extracting(Job::state)
        .containsExactly(JobState.QUEUED, JobState.BLOCKED, JobState.BLOCKED, JobState.BLOCKED);
    assertThat(answers.get(2).workflow().jobs()).extracting(Job::state)
        .containsExactly(JobState.QUEUED, JobState.QUEUED, JobState.BLOCKED);
    assertThat(answers.stream().map(s -> s.workflow().id()).distinct()).hasSize(3);
    assertThat(await(store.workflows(null, 100, null)).items()).extracting(Workflow::name)
        .as("newest first: request order is creation order").containsExactly("pair", "diamond", "single");
    assertThat(await(store.queued(100))).hasSize(1 + 1 + 2);
    assertThat(transitions(answers.get(0).workflow().id())).containsExactly("wf:null>RUNNING", "only:null>QUEUED");
  }

  @Test
  void aSubmissionAskedWithoutJobsStoresThemAllTheSame() {
    Submission answer = await(store.submitAll(List.of(new SubmitRequest(diamond(), null, false)))).get(0);

    Workflow stored = await(store.workflow(answer.workflow().id()));
    assertThat(answer.workflow().name()).isEqualTo(stored.name());
    assertThat(answer.workflow().state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(stored.jobs()).hasSize(4);
    assertThat(readyIds(answer.effects())).containsExactly(stored.jobs().get(0).id());
  }

  @Test
  void submitAllAnswersAKeySeenBeforeWithThatWorkflowAndCreatesNothingForIt() {
    Submission first = await(store.submit(diamond(), "key-1"));

    List<Submission> batch = await(store.submitAll(List.of(
        request(named("replayed", workflow(job("other"))), "key-1"),
        request(named("new-with-key", workflow(job("a"))), "key-2"),
        request(named("new-without-key", workflow(job("b"))), null))));

    assertThat(batch).extracting(Submission::created).containsExactly(false, true, true);
    assertThat(batch.get(0).workflow()).isEqualTo(first.workflow());
    assertThat(batch.get(0).effects().isEmpty()).isTrue();
    assertThat(batch).extracting(s -> s.workflow().name()).containsExactly("wf", "new-with-key", "new-without-key");
    assertThat(await(store.workflows(null, 100, null)).items()).hasSize(3);

    // Keys recorded by a batch are seen by later batches and single submissions alike.
    List<Submission> again = await(store.submitAll(List.of(
        request(workflow(job("c")), "key-2"), request(workflow(job("d")), "key-1"))));
    Submission single = await(store.submit(workflow(job("e")), "key-2"));

    assertThat(again).extracting(Submission::created).containsExactly(false, false);
    assertThat(again).extracting(s -> s.workflow().id())
        .containsExactly(batch.get(1).workflow().id(), first.workflow().id());
    assertThat(again).allSatisfy(s -> assertThat(s.effects().isEmpty()).isTrue());
    assertThat(single.created()).isFalse();
    assertThat(single.workflow().id()).isEqualTo(batch.get(1).workflow().id());
    assertThat(await(store.workflows(null, 100, null)).items()).hasSize(3);
    assertThat(await(store.queued(100))).as("nothing enqueued twice").hasSize(1 + 1 + 1);
  }

  @Test
  void jobsOfTwoWorkflowsInOneBatchDependOnlyOnTheirOwnWorkflowsJobs() {
    List<Submission> batch = await(store.submitAll(List.of(request(diamond(), null), request(diamond(), null))));
    UUID first = batch.get(0).workflow().id();
    UUID second = batch.get(1).workflow().id();
    Map<String, Job> firstJobs = jobs(first);

    assertThat(readyIds(run(first, "a"))).as("the first workflow's a releases its own b and c only")
        .containsExactlyInAnyOrder(firstJobs.get("b").id(), firstJobs.get("c").id());
    assertThat(jobs(second).values()).extracting(Job::name, Job::state).containsExactlyInAnyOrder(
        tuple("a", JobState.QUEUED), tuple("b", JobState.BLOCKED), tuple("c", JobState.BLOCKED), tuple("d", JobState.BLOCKED));
    assertThat(run(first, "b").ready).isEmpty();
    assertThat(readyIds(run(first, "c"))).containsExactly(firstJobs.get("d").id());
    assertThat(run(first, "d").finished).containsExactly(new Effects.Finished(first, "SUCCEEDED"));
    assertThat(state(second)).isEqualTo(WorkflowState.RUNNING);
    assertThat(state(second, "d")).isEqualTo(JobState.BLOCKED);

    Map<String, Job> secondJobs = jobs(second);
    assertThat(readyIds(run(second, "a")))
        .containsExactlyInAnyOrder(secondJobs.get("b").id(), secondJobs.get("c").id());
    run(second, "b");
    assertThat(readyIds(run(second, "c"))).containsExactly(secondJobs.get("d").id());
    assertThat(run(second, "d").finished).containsExactly(new Effects.Finished(second, "SUCCEEDED"));
  }

  // ---- start -----------------------------------------------------------------------------------

  @Test
  void startStartsOnlyQueuedJobs() {
    Workflow wf = submit(diamond());
    Map<String, Job> jobs = jobs(wf.id());
    UUID a = jobs.get("a").id();

    List<Assignment> started = await(store.start(List.of(
        new StartAttempt(a, W1), new StartAttempt(jobs.get("b").id(), W1),
        new StartAttempt(UUID.randomUUID(), W1), new StartAttempt(a, W2))));

    assertThat(started).hasSize(1);
    Assignment assignment = started.get(0);
    assertThat(assignment.jobId()).isEqualTo(a);
    assertThat(assignment.workflowId()).isEqualTo(wf.id());
    assertThat(assignment.jobName()).isEqualTo("a");
    assertThat(assignment.attempt()).isEqualTo(1);
    assertThat(assignment.workerId()).isEqualTo(W1);
    assertThat(assignment.type()).isEqualTo("echo");
    assertThat(assignment.queue()).isEqualTo("default");
    assertThat(assignment.payload()).isEqualTo(new JsonObject().put("job", "a"));
    assertThat(assignment.inputs()).isEqualTo(new JsonObject());
    assertThat(assignment.timeoutMs()).isEqualTo(30_000);
    Job running = await(store.job(a));
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.attempt()).isEqualTo(1);
    assertThat(running.workerId()).isEqualTo(W1);
    assertThat(running.startedAt()).isNotNull();
    assertThat(assignment.deadline()).isCloseTo(running.startedAt().plusMillis(30_000), within(1, ChronoUnit.MILLIS));
    assertThat(state(wf.id(), "b")).isEqualTo(JobState.BLOCKED);
    assertThat(await(store.start(List.of(new StartAttempt(a, W2))))).as("already running").isEmpty();
  }

  @Test
  void anAssignmentSaysWhetherItsSuccessAloneReleasesAnotherJob() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("c"), job("x"), job("y"), job("join", "x", "y")));
    Map<String, Job> jobs = jobs(wf.id());

    List<Assignment> started = await(store.start(List.of(new StartAttempt(jobs.get("a").id(), W1),
        new StartAttempt(jobs.get("c").id(), W1), new StartAttempt(jobs.get("x").id(), W1))));

    // a releases b; c has no dependant; join still waits for y whatever x does.
    assertThat(started).extracting(Assignment::jobName, Assignment::releasesDependant)
        .containsExactly(tuple("a", true), tuple("c", false), tuple("x", false));
    Assignment x = started.get(2);
    report(Report.complete(x.jobId(), x.attempt(), W1, new JsonObject()));
    assertThat(start(jobs.get("y").id(), W1).releasesDependant()).as("y is join's last open dependency").isTrue();
  }

  @Test
  void inputsCarryDependencyResultsByName() {
    Workflow wf = submit(workflow(job("left"), job("right"), job("join", "left", "right")));
    run(wf.id(), "left");
    run(wf.id(), "right");

    Assignment join = start(jobId(wf.id(), "join"), W2);

    assertThat(join.inputs()).isEqualTo(new JsonObject()
        .put("left", new JsonObject().put("from", "left"))
        .put("right", new JsonObject().put("from", "right")));
  }

  // ---- completion and release ------------------------------------------------------------------

  @Test
  void aJoinWhoseDependenciesSucceedInOneBatchIsReleasedOnce() {
    Workflow wf = submit(workflow(job("a"), job("b"), job("c"), job("join", "a", "b", "c")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Assignment b = start(jobId(wf.id(), "b"), W1);
    Assignment c = start(jobId(wf.id(), "c"), W1);
    Effects first = report(Report.complete(a.jobId(), a.attempt(), W1, new JsonObject())).effects();
    assertThat(first.ready).isEmpty();
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.BLOCKED);

    ReportBatch both = report(Report.complete(b.jobId(), b.attempt(), W1, new JsonObject()),
        Report.complete(c.jobId(), c.attempt(), W1, new JsonObject()));
    assertThat(both.results()).allSatisfy(r -> assertThat(r.applied()).isTrue());
    assertThat(readyIds(both.effects())).containsExactly(jobId(wf.id(), "join"));
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.QUEUED);
    assertThat(transitions(wf.id())).filteredOn(t -> t.startsWith("join:")).containsExactly("join:null>BLOCKED",
        "join:BLOCKED>QUEUED");
    // A late duplicate of a completion changes nothing and releases nothing.
    ReportBatch late = report(Report.complete(c.jobId(), c.attempt(), W1, new JsonObject()));
    assertThat(late.effects().ready).isEmpty();
    assertThat(state(wf.id(), "join")).isEqualTo(JobState.QUEUED);
    assertThat(start(jobId(wf.id(), "join"), W1).attempt()).isEqualTo(1);
  }

  // ---- the local fast path (EagerStarts) -----------------------------------------------------

  private static EagerStarts offer(String worker, int slots, QueueHead head) {
    return new EagerStarts(List.of(new EagerStarts.Offer(worker, List.of("default"), Set.of(), slots)),
        head == null ? Map.of() : Map.of("default", head));
  }

  @Test
  void aReleasedDependantStartsOnAnOfferedSlotInTheReleasingTransaction() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("c", "a"), job("d", "a")));
    Assignment a = start(jobId(wf.id(), "a"), W1);

    ReportBatch batch = await(store.report(
        List.of(Report.complete(a.jobId(), a.attempt(), W1, new JsonObject().put("rows", 3))), offer(W2, 2, null)));

    Effects effects = batch.effects();
    assertThat(batch.results().get(0).applied()).isTrue();
    assertThat(effects.started).extracting(Assignment::jobName).containsExactly("b", "c");
    Assignment b = effects.started.get(0);
    assertThat(b.workerId()).isEqualTo(W2);
    assertThat(b.attempt()).isEqualTo(1);
    assertThat(b.inputs()).isEqualTo(new JsonObject().put("a", new JsonObject().put("rows", 3)));
    assertThat(b.deadline()).isNotNull();
    assertThat(readyIds(effects)).as("the one no slot was offered for").containsExactly(jobId(wf.id(), "d"));
    assertThat(state(wf.id(), "b")).isEqualTo(JobState.RUNNING);
    assertThat(jobs(wf.id()).get("b").workerId()).isEqualTo(W2);
    assertThat(state(wf.id(), "d")).isEqualTo(JobState.QUEUED);
    assertThat(transitions(wf.id())).filteredOn(t -> t.startsWith("b:"))
        .containsExactly("b:null>BLOCKED", "b:BLOCKED>QUEUED", "b:QUEUED>RUNNING");
    // An ordinary start of what the fast path started changes nothing.
    assertThat(await(store.start(List.of(new StartAttempt(b.jobId(), W1))))).isEmpty();
    ReportBatch done = report(Report.complete(b.jobId(), 1, W2, new JsonObject()));
    assertThat(done.results().get(0).applied()).isTrue();
  }

  @Test
  void theFastPathKeepsPriorityQueueAndTypeOrder() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    UUID b = jobId(wf.id(), "b");
    Assignment a = start(jobId(wf.id(), "a"), W1);
    // A job that the queue would hand out first (higher priority) is waiting: b goes to the queue.
    QueueHead better = new QueueHead(-10_000, Ids.next());

    Effects effects = await(store.report(List.of(Report.complete(a.jobId(), a.attempt(), W1, new JsonObject())),
        offer(W1, 1, better))).effects();

    assertThat(effects.started).isEmpty();
    assertThat(readyIds(effects)).containsExactly(b);
    assertThat(state(wf.id(), "b")).isEqualTo(JobState.QUEUED);

    // An offer of another queue, or of other types, takes nothing either.
    Workflow other = submit(workflow(job("a"), job("b", "a")));
    Assignment a2 = start(jobId(other.id(), "a"), W1);
    EagerStarts wrongQueue = new EagerStarts(List.of(new EagerStarts.Offer(W1, List.of("gpu"), Set.of(), 1),
        new EagerStarts.Offer(W2, List.of("default"), Set.of("other-type"), 1)), Map.of());
    Effects none = await(store.report(List.of(Report.complete(a2.jobId(), a2.attempt(), W1, new JsonObject())),
        wrongQueue)).effects();
    assertThat(none.started).isEmpty();
    assertThat(readyIds(none)).containsExactly(jobId(other.id(), "b"));
  }

  @Test
  void diamondRunsToSuccessReleasingEachJobOnce() {
    Workflow wf = submit(diamond());
    Map<String, Job> jobs = jobs(wf.id());

    Effects afterA = run(wf.id(), "a");
    assertThat(readyIds(afterA)).containsExactlyInAnyOrder(jobs.get("b").id(), jobs.get("c").id());
    assertThat(afterA.finished).isEmpty();
    Effects afterB = run(wf.id(), "b");
    assertThat(afterB.ready).as("d still waits for c").isEmpty();
    assertThat(state(wf.id(), "d")).isEqualTo(JobState.BLOCKED);
    Effects afterC = run(wf.id(), "c");
    assertThat(readyIds(afterC)).containsExactly(jobs.get("d").id());
    assertThat(afterC.ready.get(0)).isEqualTo(new QueuedJob(jobs.get("d").id(), wf.id(), "default", "echo", 0, 0));
    Effects afterD = run(wf.id(), "d");
    assertThat(afterD.ready).isEmpty();
    assertThat(afterD.finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));

    Workflow done = await(store.workflow(wf.id()));
    assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(done.jobs()).allSatisfy(j -> {
      assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(j.attempt()).isEqualTo(1);
      assertThat(j.result()).isEqualTo(new JsonObject().put("from", j.name()));
      assertThat(j.finishedAt()).isNotNull();
    });
    assertThat(transitions(wf.id())).filteredOn(t -> t.endsWith("BLOCKED>QUEUED"))
        .containsExactlyInAnyOrder("b:BLOCKED>QUEUED", "c:BLOCKED>QUEUED", "d:BLOCKED>QUEUED");
  }

  @Test
  void duplicateCompletionOfOneAttemptIsAppliedOnce() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Report complete = Report.complete(a.jobId(), 1, W1, new JsonObject().put("n", 1));

    ReportBatch sameBatch = report(complete, complete);
    assertThat(sameBatch.results()).extracting(ReportResult::applied).containsExactly(true, false);
    assertThat(sameBatch.results().get(1).code()).isEqualTo(ReportResult.NOT_RUNNING);
    assertThat(readyIds(sameBatch.effects())).containsExactly(jobId(wf.id(), "b"));

    Assignment b = start(jobId(wf.id(), "b"), W1);
    Report completeB = Report.complete(b.jobId(), 1, W1, new JsonObject());
    // Concurrent calls: both in flight before either answers.
    Future<ReportBatch> one = store.report(List.of(completeB));
    Future<ReportBatch> two = store.report(List.of(completeB));
    List<ReportBatch> both = List.of(await(one), await(two));
    assertThat(both).extracting(batch -> batch.results().get(0).applied()).containsExactlyInAnyOrder(true, false);
    assertThat(both.stream().mapToInt(batch -> batch.effects().finished.size()).sum()).isEqualTo(1);
    assertThat(transitions(wf.id())).filteredOn(t -> t.endsWith("RUNNING>SUCCEEDED"))
        .containsExactly("a:RUNNING>SUCCEEDED", "b:RUNNING>SUCCEEDED", "wf:RUNNING>SUCCEEDED");
  }

  @Test
  void rejectedReportsAreAuditedAndChangeNothing() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    UUID a = jobId(wf.id(), "a");
    UUID b = jobId(wf.id(), "b");
    start(a, W1);
    Workflow before = await(store.workflow(wf.id()));
    int eventsBefore = await(store.events(wf.id())).size();

    ReportBatch batch = report(
        Report.complete(a, 2, W1, new JsonObject()),
        Report.fail(a, 1, W2, "not mine", true),
        Report.complete(UUID.randomUUID(), 1, W1, new JsonObject()),
        Report.complete(b, 0, W1, new JsonObject()));

    assertThat(batch.results()).extracting(ReportResult::applied).containsOnly(false);
    assertThat(batch.results()).extracting(ReportResult::code).containsExactly(
        ReportResult.STALE, ReportResult.NOT_OWNER, ReportResult.NOT_FOUND, ReportResult.NOT_RUNNING);
    assertThat(batch.results()).allSatisfy(r -> assertThat(r.message()).isNotBlank());
    assertThat(batch.effects().isEmpty()).isTrue();
    assertThat(await(store.workflow(wf.id()))).isEqualTo(before);

    List<AuditEvent> events = await(store.events(wf.id()));
    assertThat(events).hasSize(eventsBefore + 3);
    List<AuditEvent> rejected = events.subList(eventsBefore, events.size());
    assertThat(rejected).allSatisfy(e -> assertThat(e.kind()).isEqualTo(AuditEvent.REPORT_REJECTED));
    assertThat(rejected).extracting(AuditEvent::jobId).containsExactly(a, a, b);
    assertThat(rejected).extracting(AuditEvent::fromState).containsExactly("RUNNING", "RUNNING", "BLOCKED");
    assertThat(rejected).extracting(AuditEvent::toState).containsExactly("RUNNING", "RUNNING", "BLOCKED");
    assertThat(rejected).extracting(AuditEvent::attempt).containsExactly(2, 1, 0);
    assertThat(rejected).extracting(AuditEvent::workerId).containsExactly(W1, W2, W1);
    assertThat(rejected).extracting(AuditEvent::details).containsExactly(
        new JsonObject().put("code", ReportResult.STALE).put("report", "COMPLETE"),
        new JsonObject().put("code", ReportResult.NOT_OWNER).put("report", "FAIL"),
        new JsonObject().put("code", ReportResult.NOT_RUNNING).put("report", "COMPLETE"));
  }

  // ---- failures and retries --------------------------------------------------------------------

  @Test
  void retryableFailureWithoutDelayGoesStraightBackToTheQueue() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE)));
    Assignment first = start(jobId(wf.id(), "a"), W1);

    ReportBatch batch = report(Report.fail(first.jobId(), 1, W1, "flaky", true));

    assertThat(batch.results().get(0).applied()).isTrue();
    assertThat(readyIds(batch.effects())).containsExactly(first.jobId());
    assertThat(batch.effects().retries).isEmpty();
    Job queued = await(store.job(first.jobId()));
    assertThat(queued.state()).isEqualTo(JobState.QUEUED);
    assertThat(queued.attempt()).isEqualTo(1);
    assertThat(start(first.jobId(), W2).attempt()).isEqualTo(2);
  }

  @Test
  void retryableFailureWithBackoffWaitsUntilReleasedThenGivesUpAfterMaxAttempts() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_IN_AN_HOUR)));
    UUID a = jobId(wf.id(), "a");

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThat(start(a, W1).attempt()).isEqualTo(attempt);
      ReportBatch failed = report(Report.fail(a, attempt, W1, "flaky", true));
      Job waiting = await(store.job(a));
      assertThat(waiting.state()).isEqualTo(JobState.RETRY_WAIT);
      assertThat(waiting.retryAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
      assertThat(failed.effects().ready).isEmpty();
      assertThat(failed.effects().retries).hasSize(1);
      assertThat(failed.effects().retries.get(0).jobId()).isEqualTo(a);
      assertThat(failed.effects().retries.get(0).dueAt()).isCloseTo(waiting.retryAt(), within(1, ChronoUnit.MILLIS));

      assertThat(await(store.releaseDueRetries(Instant.now())).ready).as("not due yet").isEmpty();
      assertThat(state(wf.id(), "a")).isEqualTo(JobState.RETRY_WAIT);
      Effects released = await(store.releaseDueRetries(FAR_FUTURE));
      assertThat(readyIds(released)).containsExactly(a);
      assertThat(await(store.job(a)).retryAt()).isNull();
      assertThat(await(store.releaseDueRetries(FAR_FUTURE)).ready).as("released once").isEmpty();
    }
    start(a, W1);
    ReportBatch last = report(Report.fail(a, 3, W1, "still flaky", true));

    Job failed = await(store.job(a));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("still flaky");
    assertThat(failed.attempt()).isEqualTo(3);
    assertThat(last.effects().finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);
  }

  @Test
  void nonRetryableFailureFailsAtOnce() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE)));
    Effects effects = failForGood(wf.id(), "a");

    Job a = await(store.job(jobId(wf.id(), "a")));
    assertThat(a.state()).isEqualTo(JobState.FAILED);
    assertThat(a.error()).isEqualTo("boom");
    assertThat(a.finishedAt()).isNotNull();
    assertThat(effects.ready).isEmpty();
    assertThat(effects.retries).isEmpty();
    Workflow failed = await(store.workflow(wf.id()));
    assertThat(failed.state()).isEqualTo(WorkflowState.FAILED);
    assertThat(failed.finishedAt()).isNotNull();
  }

  @Test
  void timeoutsCountAsAttemptsAndLostWorkersGetALimitedAllowance() {
    RetryPolicy twice = new RetryPolicy(2, 0, 2.0, 0);
    Workflow wf = submit(workflow(job("a", "echo", twice)));
    UUID a = jobId(wf.id(), "a");

    start(a, W1);
    ReportBatch timedOut = report(Report.timeout(a, 1, W1, 30_000));
    assertThat(timedOut.results().get(0).applied()).isTrue();
    assertThat(readyIds(timedOut.effects())).containsExactly(a);
    // The budget (2) is used up, but attempts lost with their worker may go LOST_ALLOWANCE further.
    int attempt = 2;
    for (; attempt < 2 + Decider.LOST_ALLOWANCE; attempt++) {
      start(a, W2);
      ReportBatch lost = report(Report.lost(a, attempt, W2, "worker gone"));
      assertThat(readyIds(lost.effects())).as("attempt %d is retried", attempt).containsExactly(a);
    }
    start(a, W2);
    ReportBatch last = report(Report.lost(a, attempt, W2, "worker gone"));

    Job failed = await(store.job(a));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.attempt()).isEqualTo(2 + Decider.LOST_ALLOWANCE);
    assertThat(failed.error()).isEqualTo("worker gone");
    assertThat(last.effects().finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
  }

  @Test
  void aTimeoutThatUsesTheLastAttemptFailsTheJob() {
    Workflow wf = submit(workflow(job("a", "echo", NO_RETRY)));
    UUID a = jobId(wf.id(), "a");
    start(a, W1);

    report(Report.timeout(a, 1, W1, 30_000));

    assertThat(await(store.job(a)).state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void permanentFailureSkipsDependantsWhileOtherBranchesRunOn() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("c", "b"), job("x"), job("y", "x")));
    Assignment x = start(jobId(wf.id(), "x"), W2);

    Effects failed = failForGood(wf.id(), "a");

    assertThat(failed.ready).isEmpty();
    assertThat(failed.finished).isEmpty();
    Map<String, Job> jobs = jobs(wf.id());
    assertThat(jobs.get("a").state()).isEqualTo(JobState.FAILED);
    assertThat(jobs.get("b").state()).isEqualTo(JobState.SKIPPED);
    assertThat(jobs.get("c").state()).isEqualTo(JobState.SKIPPED);
    assertThat(jobs.get("x").state()).isEqualTo(JobState.RUNNING);
    assertThat(state(wf.id())).isEqualTo(WorkflowState.RUNNING);
    assertThat(await(store.events(wf.id()))).filteredOn(e -> "SKIPPED".equals(e.toState()))
        .extracting(AuditEvent::details)
        .containsOnly(new JsonObject().put("reason", "upstream a failed")).hasSize(2);

    ReportBatch xDone = report(Report.complete(x.jobId(), 1, W2, new JsonObject()));
    assertThat(readyIds(xDone.effects())).containsExactly(jobs.get("y").id());
    Effects yDone = run(wf.id(), "y");
    assertThat(yDone.finished).containsExactly(new Effects.Finished(wf.id(), "FAILED"));
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);
  }

  // ---- cancel and workflow retry ---------------------------------------------------------------

  @Test
  void cancelStopsRunningJobsAndRejectsTheirLateReports() {
    Workflow wf = submit(workflow(job("a"), job("b", "a"), job("x"), job("w", "echo", RETRY_IN_AN_HOUR)));
    Map<String, Job> jobs = jobs(wf.id());
    Assignment a = start(jobs.get("a").id(), W1);
    start(jobs.get("w").id(), W2);
    report(Report.fail(jobs.get("w").id(), 1, W2, "flaky", true));

    Outcome outcome = await(store.cancel(wf.id()));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
    assertThat(outcome.effects().cancels).containsExactly(
        new Effects.CancelOrder(a.jobId(), 1, W1, "workflow cancelled"));
    assertThat(outcome.effects().finished).containsExactly(new Effects.Finished(wf.id(), "CANCELLED"));
    Workflow cancelled = await(store.workflow(wf.id()));
    assertThat(cancelled.state()).isEqualTo(WorkflowState.CANCELLED);
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(cancelled.jobs()).extracting(Job::state).containsOnly(JobState.CANCELLED);
    assertThat(transitions(wf.id())).contains("a:RUNNING>CANCELLED", "b:BLOCKED>CANCELLED",
        "x:QUEUED>CANCELLED", "w:RETRY_WAIT>CANCELLED", "wf:RUNNING>CANCELLED");

    ReportBatch late = report(Report.complete(a.jobId(), 1, W1, new JsonObject()));
    assertThat(late.results().get(0).code()).isEqualTo(ReportResult.NOT_RUNNING);
    assertThat(await(store.start(List.of(new StartAttempt(jobs.get("x").id(), W1))))).isEmpty();
    assertThat(await(store.releaseDueRetries(FAR_FUTURE)).ready).isEmpty();
    assertThat(await(store.cancel(wf.id())).status()).isEqualTo(Outcome.Status.CONFLICT);
    assertThat(await(store.cancel(UUID.randomUUID())).status()).isEqualTo(Outcome.Status.NOT_FOUND);
  }

  @Test
  void retryRerunsFailedAndSkippedJobsWithAttemptsContinuing() {
    RetryPolicy twice = new RetryPolicy(2, 0, 2.0, 0);
    Workflow wf = submit(workflow(job("a", "echo", twice), job("b", "a"), job("c", "b"), job("x")));
    UUID a = jobId(wf.id(), "a");
    run(wf.id(), "x");
    assertThat(await(store.retry(wf.id())).status()).as("still running").isEqualTo(Outcome.Status.CONFLICT);
    for (int attempt = 1; attempt <= 2; attempt++) {
      start(a, W1);
      report(Report.fail(a, attempt, W1, "flaky", true));
    }
    assertThat(state(wf.id())).isEqualTo(WorkflowState.FAILED);

    Outcome retried = await(store.retry(wf.id()));

    assertThat(retried.status()).isEqualTo(Outcome.Status.OK);
    assertThat(readyIds(retried.effects())).containsExactly(a);
    Workflow running = await(store.workflow(wf.id()));
    assertThat(running.state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(running.finishedAt()).isNull();
    Map<String, Job> jobs = jobs(wf.id());
    assertThat(jobs.get("a").state()).isEqualTo(JobState.QUEUED);
    assertThat(jobs.get("a").attempt()).isEqualTo(2);
    assertThat(jobs.get("a").attemptBase()).isEqualTo(2);
    assertThat(jobs.get("a").error()).isNull();
    assertThat(jobs.get("a").finishedAt()).isNull();
    assertThat(jobs.get("b").state()).isEqualTo(JobState.BLOCKED);
    assertThat(jobs.get("c").state()).isEqualTo(JobState.BLOCKED);
    assertThat(jobs.get("x").state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(jobs.get("x").attempt()).isEqualTo(1);
    assertThat(transitions(wf.id())).contains("wf:FAILED>RUNNING", "a:FAILED>QUEUED", "b:SKIPPED>BLOCKED");

    // A new run: the policy's two attempts again, numbered on from the old ones.
    assertThat(start(a, W1).attempt()).isEqualTo(3);
    ReportBatch again = report(Report.fail(a, 3, W1, "flaky", true));
    assertThat(readyIds(again.effects())).containsExactly(a);
    assertThat(start(a, W1).attempt()).isEqualTo(4);
    report(Report.complete(a, 4, W1, new JsonObject()));
    run(wf.id(), "b");
    Effects last = run(wf.id(), "c");
    assertThat(last.finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));
    assertThat(await(store.retry(wf.id())).status()).isEqualTo(Outcome.Status.CONFLICT);
    assertThat(await(store.retry(UUID.randomUUID())).status()).isEqualTo(Outcome.Status.NOT_FOUND);
  }

  @Test
  void retryOfACancelledWorkflowRequeuesItsCancelledJobs() {
    Workflow wf = submit(workflow(job("a"), job("b", "a")));
    run(wf.id(), "a");
    await(store.cancel(wf.id()));

    Outcome retried = await(store.retry(wf.id()));

    assertThat(retried.status()).isEqualTo(Outcome.Status.OK);
    assertThat(readyIds(retried.effects())).containsExactly(jobId(wf.id(), "b"));
    assertThat(run(wf.id(), "b").finished).containsExactly(new Effects.Finished(wf.id(), "SUCCEEDED"));
  }

  // ---- audit trail -----------------------------------------------------------------------------

  @Test
  void auditTrailHoldsEveryTransitionInOrder() {
    Workflow wf = submit(workflow(job("a", "echo", RETRY_AT_ONCE), job("b", "a")));
    UUID a = jobId(wf.id(), "a");
    start(a, W1);
    report(Report.fail(a, 1, W1, "flaky", true));
    start(a, W2);
    report(Report.complete(a, 1, W1, new JsonObject()));
    report(Report.complete(a, 2, W2, new JsonObject()));
    Assignment b = start(jobId(wf.id(), "b"), W1);
    ReportBatch lastBatch = report(Report.complete(b.jobId(), 1, W1, new JsonObject()));

    assertThat(transitions(wf.id())).containsExactly(
        "wf:null>RUNNING", "a:null>QUEUED", "b:null>BLOCKED",
        "a:QUEUED>RUNNING", "a:RUNNING>QUEUED", "a:QUEUED>RUNNING",
        "a:rejected:RUNNING>RUNNING",
        "a:RUNNING>SUCCEEDED", "b:BLOCKED>QUEUED",
        "b:QUEUED>RUNNING", "b:RUNNING>SUCCEEDED", "wf:RUNNING>SUCCEEDED");
    List<AuditEvent> events = await(store.events(wf.id()));
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isGreaterThan(events.get(i - 1).seq());
    }
    assertThat(events).allSatisfy(e -> {
      assertThat(e.workflowId()).isEqualTo(wf.id());
      assertThat(e.at()).isNotNull();
      assertThat(e.coordinatorId()).isNotBlank();
    });
    assertThat(events).filteredOn(e -> "RUNNING".equals(e.toState()) && e.jobId() != null
            && e.kind().equals(AuditEvent.JOB_STATE))
        .extracting(AuditEvent::attempt, AuditEvent::workerId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, W1), org.assertj.core.groups.Tuple.tuple(2, W2),
            org.assertj.core.groups.Tuple.tuple(1, W1));
    // The change feed of a batch is its audit rows.
    List<JsonObject> lastRows = events.subList(events.size() - 2, events.size()).stream()
        .map(AuditEvent::toJson).toList();
    assertThat(lastBatch.effects().changes).extracting(AuditEvent::toJson).containsExactlyElementsOf(lastRows);
  }

  // ---- recovery, sweeping, workers -------------------------------------------------------------

  @Test
  void recoveryListsQueuedRunningAndWaitingJobs() {
    UUID queued = jobId(submit(workflow(job("q"))).id(), "q");
    Workflow runningWf = submit(workflow(job("r")));
    Assignment running = start(jobId(runningWf.id(), "r"), W1);
    UUID waiting = jobId(submit(workflow(job("w", "echo", RETRY_IN_AN_HOUR))).id(), "w");
    start(waiting, W2);
    report(Report.fail(waiting, 1, W2, "flaky", true));

    Recovery recovery = await(store.recovery());

    assertThat(recovery.queued()).extracting(QueuedJob::jobId).containsExactly(queued);
    assertThat(recovery.running()).hasSize(1);
    RunningAttempt attempt = recovery.running().get(0);
    assertThat(attempt.jobId()).isEqualTo(running.jobId());
    assertThat(attempt.workflowId()).isEqualTo(runningWf.id());
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.workerId()).isEqualTo(W1);
    assertThat(attempt.timeoutMs()).isEqualTo(30_000);
    assertThat(attempt.deadline()).isCloseTo(running.deadline(), within(1, ChronoUnit.MILLIS));
    assertThat(recovery.retries()).extracting(RetryTimer::jobId).containsExactly(waiting);
    assertThat(recovery.retries().get(0).dueAt())
        .isCloseTo(await(store.job(waiting)).retryAt(), within(1, ChronoUnit.MILLIS));
    assertThat(await(store.runningOn(W1))).extracting(RunningAttempt::jobId).containsExactly(running.jobId());
    assertThat(await(store.runningOn(W2))).isEmpty();
  }

  @Test
  void queuedListsReadyJobsUpToTheLimit() {
    Workflow wf = submit(workflow(job("a"), job("b"), job("c"), job("d", "a")));
    start(jobId(wf.id(), "c"), W1);

    assertThat(await(store.queued(10))).extracting(QueuedJob::jobId)
        .containsExactlyInAnyOrder(jobId(wf.id(), "a"), jobId(wf.id(), "b"));
    assertThat(await(store.queued(1))).hasSize(1);
  }

  @Test
  void workersRegistryListsLiveWorkersWithTheirRunningJobs() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    await(store.saveWorker(worker(W1, 4, t0, t0)));
    await(store.saveWorker(worker(W2, 2, t0, t0)));
    Workflow wf = submit(workflow(job("a"), job("b")));
    start(jobId(wf.id(), "a"), W1);
    start(jobId(wf.id(), "b"), W1);
    await(store.saveWorker(worker(W1, 4, t0, t0.plusSeconds(5))));

    List<WorkerRecord> workers = await(store.workers());
    assertThat(workers).extracting(WorkerRecord::id).containsExactlyInAnyOrder(W1, W2);
    WorkerRecord w1 = workers.stream().filter(w -> w.id().equals(W1)).findFirst().orElseThrow();
    assertThat(w1.lastHeartbeat()).isEqualTo(t0.plusSeconds(5));
    assertThat(w1.connectedAt()).isEqualTo(t0);
    assertThat(w1.queues()).containsExactly("default");
    assertThat(w1.types()).containsExactly("echo");
    assertThat(w1.concurrency()).isEqualTo(4);
    assertThat(w1.runningJobs()).containsExactlyInAnyOrder(jobId(wf.id(), "a").toString(), jobId(wf.id(), "b").toString());

    await(store.removeWorker(W2));
    assertThat(await(store.workers())).extracting(WorkerRecord::id).containsExactly(W1);
  }

  protected static WorkerRecord worker(String id, int concurrency, Instant connected, Instant heartbeat) {
    return new WorkerRecord(id, "name-" + id, List.of("default"), List.of("echo"), concurrency, "coordinator-1",
        connected, heartbeat, List.of());
  }

  // ---- analytics and liveness ------------------------------------------------------------------

  @Test
  void analyticsCountsASmallRun() {
    Instant since = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
    await(store.saveWorker(worker(W1, 4, since, since)));
    Workflow ok = submit(workflow(job("a", "alpha", NO_RETRY), job("b", "beta", NO_RETRY, "a")));
    run(ok.id(), "a");
    run(ok.id(), "b");
    Workflow bad = submit(workflow(job("f", "beta", RETRY_AT_ONCE)));
    UUID f = jobId(bad.id(), "f");
    start(f, W2);
    report(Report.fail(f, 1, W2, "flaky", true));
    start(f, W2);
    report(Report.fail(f, 2, W2, "broken", false));
    submit(workflow(job("waits")));

    JsonObject analytics = await(store.analytics(since));

    assertThat(analytics.getString("since")).isEqualTo(Times.format(since));
    assertThat(analytics.getJsonObject("workflows")).isEqualTo(new JsonObject()
        .put("RUNNING", 1).put("SUCCEEDED", 1).put("FAILED", 1).put("CANCELLED", 0));
    JsonObject jobs = analytics.getJsonObject("jobs");
    assertThat(jobs.fieldNames()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(JobState.values()).map(Enum::name).toList());
    assertThat(jobs.getInteger("SUCCEEDED")).isEqualTo(2);
    assertThat(jobs.getInteger("FAILED")).isEqualTo(1);
    assertThat(jobs.getInteger("QUEUED")).isEqualTo(1);
    assertThat(jobs.getInteger("RUNNING")).isZero();
    assertThat(analytics.getDouble("success_rate")).isEqualTo(0.5);
    JsonObject durations = analytics.getJsonObject("job_duration_ms");
    assertThat(durations.fieldNames()).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(durations.getJsonObject("beta").getInteger("count")).isEqualTo(1);
    assertThat(durations.getJsonObject("alpha").getLong("p99")).isNotNull().isNotNegative();
    JsonObject wait = analytics.getJsonObject("queue_wait_ms");
    assertThat(wait.getInteger("count")).isEqualTo(4);
    assertThat(wait.getLong("p50")).isNotNegative();
    assertThat(wait.getLong("p50")).isLessThanOrEqualTo(wait.getLong("p95"));
    assertThat(wait.getLong("p95")).isLessThanOrEqualTo(wait.getLong("p99"));
    JsonArray throughput = analytics.getJsonArray("throughput_per_minute");
    assertThat(throughput.stream().mapToInt(m -> ((JsonObject) m).getInteger("completed")).sum()).isEqualTo(2);
    assertThat(throughput.getJsonObject(0).getString("minute")).endsWith(":00Z");
    assertThat(analytics.getJsonArray("top_failing_types"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("type", "beta").put("failures", 2L)));
    JsonArray workers = analytics.getJsonArray("workers");
    assertThat(workers.size()).isEqualTo(2);
    JsonObject w1 = workers.stream().map(JsonObject.class::cast)
        .filter(w -> W1.equals(w.getString("worker_id"))).findFirst().orElseThrow();
    JsonObject w2 = workers.stream().map(JsonObject.class::cast)
        .filter(w -> W2.equals(w.getString("worker_id"))).findFirst().orElseThrow();
    assertThat(w1.getInteger("attempts")).isEqualTo(2);
    assertThat(w1.getLong("busy_ms")).isNotNegative();
    assertThat(w1.getDouble("utilisation")).isNotNull().isBetween(0.0, 1.0);
    assertThat(w2.getInteger("attempts")).isEqualTo(2);
    assertThat(w2.getValue("utilisation")).as("concurrency unknown").isNull();

    JsonObject empty = await(store.analytics(FAR_FUTURE));
    assertThat(empty.getJsonObject("workflows")).isEqualTo(new JsonObject()
        .put("RUNNING", 0).put("SUCCEEDED", 0).put("FAILED", 0).put("CANCELLED", 0));
    assertThat(empty.getValue("success_rate")).isNull();
    assertThat(empty.getJsonObject("queue_wait_ms").getInteger("count")).isZero();
    assertThat(empty.getJsonObject("queue_wait_ms").getValue("p50")).isNull();
  }

  @Test
  void pingSucceeds() {
    await(store.ping());
  }

  @Test
  void aDutyUnderASupersededLeaseChangesNothing() {
    Workflow wf = submit(workflow(job("a"), job("b")));
    Assignment a = start(jobId(wf.id(), "a"), W1);
    Assignment b = start(jobId(wf.id(), "b"), W1);
    Lease old = new Lease("monitor", "coordinator-old", 5, Instant.now().plusSeconds(30));
    Lease newer = new Lease("monitor", "coordinator-new", 6, Instant.now().plusSeconds(30));

    ReportBatch first = await(store.report(List.of(Report.lost(a.jobId(), a.attempt(), W1, "reaped")), old));
    ReportBatch second = await(store.report(List.of(), newer));
    ReportBatch stale = await(store.report(List.of(Report.lost(b.jobId(), b.attempt(), W1, "reaped")), old));

    assertThat(first.results().get(0).applied()).isTrue();
    assertThat(second.results()).isEmpty();
    assertThat(stale.results()).singleElement().satisfies(r -> {
      assertThat(r.applied()).isFalse();
      assertThat(r.code()).isEqualTo(ReportResult.STALE_LEASE);
    });
    assertThat(stale.effects().isEmpty()).isTrue();
    assertThat(state(wf.id(), "b")).isEqualTo(JobState.RUNNING);
    ReportBatch sameToken = await(store.report(List.of(Report.lost(b.jobId(), b.attempt(), W1, "reaped")), newer));
    assertThat(sameToken.results().get(0).applied()).isTrue();
  }

  @Test
  void overdueListsRunningAttemptsPastTheirDeadline() {
    JobSpec quick = new JobSpec("quick", "echo", new io.vertx.core.json.JsonObject(), List.of(), "default", NO_RETRY, 1, 0);
    JobSpec slow = new JobSpec("slow", "echo", new io.vertx.core.json.JsonObject(), List.of(), "default", NO_RETRY, 3_600_000, 0);
    Workflow wf = submit(workflow(quick, slow, job("waiting")));
    start(jobId(wf.id(), "quick"), W1);
    start(jobId(wf.id(), "slow"), W1);

    List<RunningAttempt> overdue = await(store.overdue(Instant.now().plusSeconds(60), 10));

    assertThat(overdue).extracting(RunningAttempt::jobId).containsExactly(jobId(wf.id(), "quick"));
    assertThat(overdue.get(0).workerId()).isEqualTo(W1);
    assertThat(overdue.get(0).attempt()).isEqualTo(1);
    assertThat(await(store.overdue(Instant.now().minusSeconds(60), 10))).isEmpty();
  }
}
