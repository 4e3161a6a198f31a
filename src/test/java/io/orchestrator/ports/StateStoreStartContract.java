package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.vertx.core.json.JsonObject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Starting queued jobs: what an assignment carries, and the fast path that starts released
 * dependants on offered slots in the releasing transaction ({@link EagerStarts}).
 */
public abstract class StateStoreStartContract extends StateStoreContract {
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
}
