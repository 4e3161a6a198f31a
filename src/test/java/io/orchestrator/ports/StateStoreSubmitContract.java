package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Submitting workflows, one at a time and in atomic batches ({@code submitAll}), and what an
 * idempotency key makes of a second submission.
 */
public abstract class StateStoreSubmitContract extends StateStoreContract {
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
}
