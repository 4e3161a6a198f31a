package io.orchestrator.postgres;

import static io.orchestrator.postgres.PgFixtures.job;
import static io.orchestrator.postgres.PgFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.Submission;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races that only a real database shows: siblings completing in separate transactions at once must
 * release their join exactly once and finish the workflow exactly once; two submissions with the
 * same idempotency key create one workflow.
 */
@ExtendWith(VertxExtension.class)
class PgConcurrencyTest {
  private static final int SIBLINGS = 20;
  private static DatabaseUrl url;
  private PgStateStore store;

  @BeforeAll
  static void database() {
    url = TestDatabases.create("concurrency");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(url);
  }

  @BeforeEach
  void connect(Vertx vertx) {
    store = new PgStateStore(PgStores.pool(vertx, url, 10), "coord-1");
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    store.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void siblingsCompletingInParallelReleaseTheJoinExactlyOnce(VertxTestContext ctx) {
    store.submit(PgFixtures.fanIn(SIBLINGS), null).compose(sub -> {
      List<StartAttempt> starts = sub.effects().ready.stream().map(q -> new StartAttempt(q.jobId(), "w1")).toList();
      return store.start(starts).compose(assignments -> {
        List<Future<ReportBatch>> reports = new ArrayList<>();
        for (Assignment a : assignments) { // one report call (one transaction) per sibling, all in flight at once
          reports.add(store.report(List.of(Report.complete(a.jobId(), a.attempt(), "w1", new JsonObject().put("i", a.jobName())))));
        }
        return Future.all(reports).map(done -> {
          List<QueuedJob> released = new ArrayList<>();
          reports.forEach(r -> released.addAll(r.result().effects().ready));
          return released;
        });
      }).compose(released -> {
        UUID join = sub.workflow().jobs().get(SIBLINGS).id();
        ctx.verify(() -> assertThat(released).extracting(QueuedJob::jobId).containsExactly(join));
        return store.start(List.of(new StartAttempt(join, "w1")));
      }).compose(started -> {
        ctx.verify(() -> assertThat(started.get(0).inputs().size()).isEqualTo(SIBLINGS));
        return store.report(List.of(Report.complete(started.get(0).jobId(), 1, "w1", new JsonObject())));
      }).compose(last -> Future.all(store.workflow(sub.workflow().id()), store.events(sub.workflow().id())));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      io.orchestrator.domain.Workflow wf = all.resultAt(0);
      List<AuditEvent> events = all.resultAt(1);
      assertThat(wf.state()).isEqualTo(WorkflowState.SUCCEEDED);
      assertThat(wf.jobs()).extracting(Job::state).containsOnly(JobState.SUCCEEDED);
      assertThat(events.stream().filter(e -> "BLOCKED".equals(e.fromState()) && "QUEUED".equals(e.toState()))).hasSize(1);
      assertThat(events.stream().filter(e -> e.jobId() == null && "SUCCEEDED".equals(e.toState()))).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  void lastSiblingsFinishingTogetherFinishTheWorkflowExactlyOnce(VertxTestContext ctx) {
    List<io.orchestrator.domain.JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < SIBLINGS; i++) {
      jobs.add(job("j" + i));
    }
    store.submit(new io.orchestrator.domain.WorkflowSpec("flat", 0, new JsonObject(), jobs), null).compose(sub ->
        store.start(sub.effects().ready.stream().map(q -> new StartAttempt(q.jobId(), "w1")).toList())
            .compose(assignments -> {
              List<Future<ReportBatch>> reports = new ArrayList<>();
              for (Assignment a : assignments) {
                reports.add(store.report(List.of(Report.complete(a.jobId(), 1, "w1", new JsonObject()))));
              }
              return Future.all(reports).map(done -> {
                List<Effects.Finished> finished = new ArrayList<>();
                reports.forEach(r -> finished.addAll(r.result().effects().finished));
                return finished;
              });
            }))
        .onComplete(ctx.succeeding(finished -> ctx.verify(() -> {
          assertThat(finished).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo("SUCCEEDED"));
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentSubmissionsWithOneKeyCreateOneWorkflow(VertxTestContext ctx) {
    List<Future<Submission>> submissions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      submissions.add(store.submit(workflow("same", job("a"), job("b", "a")), "race-key"));
    }
    Future.all(submissions).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      assertThat(submissions.stream().filter(s -> s.result().created())).hasSize(1);
      assertThat(submissions.stream().map(s -> s.result().workflow().id()).distinct()).hasSize(1);
      assertThat(submissions.stream().map(s -> s.result().workflow().jobs().size())).containsOnly(2);
      ctx.completeNow();
    })));
  }
}
