package io.orchestrator.postgres;

import static io.orchestrator.postgres.PgFixtures.job;
import static io.orchestrator.postgres.PgFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.Outcome;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.WorkerRecord;
import io.orchestrator.testsupport.ManualClock;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL store's own behaviour, step by step, against a real database. */
@ExtendWith(VertxExtension.class)
class PgStateStoreFocusedTest {
  private static DatabaseUrl url;
  private ManualClock clock;
  private PgStateStore store;

  @BeforeAll
  static void database() {
    url = TestDatabases.create("focused");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(url);
  }

  @BeforeEach
  void connect(Vertx vertx) {
    clock = new ManualClock(Instant.parse("2030-01-01T00:00:00.123456789Z"));
    store = new PgStateStore(PgStores.pool(vertx, url, 4), "coord-1", clock);
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    store.close().onComplete(ctx.succeedingThenComplete());
  }

  private UUID jobId(Workflow wf, String name) {
    return wf.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow().id();
  }

  @Test
  void submitStoresRootsQueuedOthersBlockedAndIsIdempotent(VertxTestContext ctx) {
    store.submit(workflow("wf", job("a"), job("b", "a")), "key-1").compose(first -> {
      ctx.verify(() -> {
        assertThat(first.created()).isTrue();
        assertThat(first.effects().ready).extracting(q -> q.jobId()).containsExactly(jobId(first.workflow(), "a"));
        assertThat(first.effects().changes).hasSize(3);
      });
      return store.workflow(first.workflow().id()).compose(read -> {
        ctx.verify(() -> {
          assertThat(read).isEqualTo(first.workflow());
          assertThat(read.jobs()).extracting(Job::state).containsExactly(JobState.QUEUED, JobState.BLOCKED);
          assertThat(read.createdAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        });
        return store.submit(workflow("other", job("x")), "key-1");
      }).map(second -> {
        ctx.verify(() -> {
          assertThat(second.created()).isFalse();
          assertThat(second.workflow().id()).isEqualTo(first.workflow().id());
          assertThat(second.effects().isEmpty()).isTrue();
        });
        return first;
      });
    }).compose(first -> store.events(first.workflow().id()))
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).extracting(AuditEvent::kind)
              .containsExactly(AuditEvent.WORKFLOW_STATE, AuditEvent.JOB_STATE, AuditEvent.JOB_STATE);
          ctx.completeNow();
        })));
  }

  @Test
  void roundTripPassesResultsAsInputsAndFinishesWithAnOrderedAuditTrail(VertxTestContext ctx) {
    store.submit(workflow("chain", job("a"), job("b", "a")), null).compose(sub -> {
      Workflow wf = sub.workflow();
      UUID a = jobId(wf, "a");
      UUID b = jobId(wf, "b");
      return store.start(List.of(new StartAttempt(a, "w1"), new StartAttempt(a, "w2")))
          .compose(started -> {
            ctx.verify(() -> {
              assertThat(started).hasSize(1);
              assertThat(started.get(0).attempt()).isEqualTo(1);
              assertThat(started.get(0).inputs()).isEqualTo(new JsonObject());
            });
            return store.report(List.of(Report.complete(a, 1, started.get(0).workerId(), new JsonObject().put("rows", 3))));
          })
          .compose(batch -> {
            ctx.verify(() -> {
              assertThat(batch.results()).allMatch(ReportResult::applied);
              assertThat(batch.effects().ready).extracting(q -> q.jobId()).containsExactly(b);
            });
            return store.start(List.of(new StartAttempt(b, "w1")));
          })
          .compose(started -> {
            Assignment assignment = started.get(0);
            ctx.verify(() -> assertThat(assignment.inputs()).isEqualTo(new JsonObject().put("a", new JsonObject().put("rows", 3))));
            return store.report(List.of(Report.complete(b, 1, "w1", new JsonObject())));
          })
          .compose(batch -> {
            ctx.verify(() -> assertThat(batch.effects().finished).containsExactly(
                new io.orchestrator.ports.Effects.Finished(wf.id(), "SUCCEEDED")));
            return Future.all(store.workflow(wf.id()), store.events(wf.id()));
          })
          .map(all -> {
            Workflow done = all.resultAt(0);
            List<AuditEvent> events = all.resultAt(1);
            ctx.verify(() -> {
              assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
              assertThat(events).extracting(e -> (e.jobId() == null ? "wf" : e.jobId().equals(a) ? "a" : "b")
                  + ":" + e.fromState() + ">" + e.toState()).containsExactly(
                  "wf:null>RUNNING", "a:null>QUEUED", "b:null>BLOCKED", "a:QUEUED>RUNNING", "a:RUNNING>SUCCEEDED",
                  "b:BLOCKED>QUEUED", "b:QUEUED>RUNNING", "b:RUNNING>SUCCEEDED", "wf:RUNNING>SUCCEEDED");
              assertThat(events).extracting(AuditEvent::seq).isSorted();
            });
            return null;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void staleWrongWorkerAndUnknownReportsAreRejectedAuditedAndChangeNothing(VertxTestContext ctx) {
    RetryPolicy twice = new RetryPolicy(2, 0, 1.0, 0);
    store.submit(workflow("stale", job("a", twice)), null).compose(sub -> {
      UUID a = jobId(sub.workflow(), "a");
      return store.start(List.of(new StartAttempt(a, "w1")))
          .compose(s -> store.report(List.of(Report.lost(a, 1, "w1", "worker gone"))))
          .compose(batch -> {
            ctx.verify(() -> assertThat(batch.effects().ready).hasSize(1)); // retried at once
            return store.start(List.of(new StartAttempt(a, "w2")));
          })
          .compose(s -> store.report(List.of(
              Report.complete(a, 1, "w1", new JsonObject()),          // old attempt
              Report.complete(a, 2, "w1", new JsonObject()),          // not the owner
              Report.complete(UUID.randomUUID(), 1, "w1", null))))    // unknown
          .compose(batch -> {
            ctx.verify(() -> {
              assertThat(batch.results()).extracting(ReportResult::code)
                  .containsExactly(ReportResult.STALE, ReportResult.NOT_OWNER, ReportResult.NOT_FOUND);
              assertThat(batch.effects().isEmpty()).isTrue();
            });
            return Future.all(store.job(a), store.events(sub.workflow().id()));
          })
          .map(all -> {
            Job job = all.resultAt(0);
            List<AuditEvent> events = all.resultAt(1);
            ctx.verify(() -> {
              assertThat(job.state()).isEqualTo(JobState.RUNNING);
              assertThat(job.attempt()).isEqualTo(2);
              List<AuditEvent> rejected = events.stream().filter(e -> e.kind().equals(AuditEvent.REPORT_REJECTED)).toList();
              assertThat(rejected).hasSize(2);
              assertThat(rejected.get(0).details().getString("code")).isEqualTo(ReportResult.STALE);
              assertThat(rejected.get(0).fromState()).isEqualTo("RUNNING").isEqualTo(rejected.get(0).toState());
              assertThat(rejected.get(0).attempt()).isEqualTo(1);
            });
            return null;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void backoffThenGiveUpSkipsDependantsFailsTheWorkflowAndRetryRerunsIt(VertxTestContext ctx) {
    RetryPolicy backoff = new RetryPolicy(2, 1000, 2.0, 10_000);
    store.submit(workflow("fail", job("a", backoff), job("b", "a"), job("c", "b"), job("d")), null).compose(sub -> {
      Workflow wf = sub.workflow();
      UUID a = jobId(wf, "a");
      UUID d = jobId(wf, "d");
      return store.start(List.of(new StartAttempt(a, "w1"), new StartAttempt(d, "w1")))
          .compose(s -> store.report(List.of(Report.fail(a, 1, "w1", "boom", true),
              Report.complete(d, 1, "w1", new JsonObject()))))
          .compose(batch -> {
            ctx.verify(() -> assertThat(batch.effects().retries).singleElement()
                .satisfies(t -> assertThat(t.dueAt()).isEqualTo(clock.instant().plusMillis(1000).truncatedTo(java.time.temporal.ChronoUnit.MICROS))));
            return store.releaseDueRetries(clock.instant());
          })
          .compose(early -> {
            ctx.verify(() -> assertThat(early.ready).isEmpty());
            clock.advanceMillis(1000);
            return store.releaseDueRetries(clock.instant());
          })
          .compose(due -> {
            ctx.verify(() -> assertThat(due.ready).extracting(q -> q.jobId()).containsExactly(a));
            return store.start(List.of(new StartAttempt(a, "w2")));
          })
          .compose(s -> store.report(List.of(Report.fail(a, 2, "w2", "boom again", true))))
          .compose(batch -> {
            ctx.verify(() -> assertThat(batch.effects().finished).singleElement()
                .satisfies(f -> assertThat(f.state()).isEqualTo("FAILED")));
            return store.workflow(wf.id());
          })
          .compose(failed -> {
            ctx.verify(() -> {
              assertThat(failed.state()).isEqualTo(WorkflowState.FAILED);
              assertThat(failed.jobs()).extracting(Job::state)
                  .containsExactly(JobState.FAILED, JobState.SKIPPED, JobState.SKIPPED, JobState.SUCCEEDED);
            });
            return store.retry(wf.id());
          })
          .compose(outcome -> {
            ctx.verify(() -> {
              assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
              assertThat(outcome.effects().ready).extracting(q -> q.jobId()).containsExactly(a);
            });
            return store.workflow(wf.id());
          })
          .map(again -> {
            ctx.verify(() -> {
              assertThat(again.state()).isEqualTo(WorkflowState.RUNNING);
              assertThat(again.finishedAt()).isNull();
              assertThat(again.jobs()).extracting(Job::state)
                  .containsExactly(JobState.QUEUED, JobState.BLOCKED, JobState.BLOCKED, JobState.SUCCEEDED);
              assertThat(again.jobs().get(0).attemptsUsed()).isZero();
              assertThat(again.jobs().get(0).error()).isNull();
            });
            return null;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void cancelStopsRunningJobsAndConflictsTheSecondTime(VertxTestContext ctx) {
    store.submit(workflow("cancel", job("a"), job("b", "a")), null).compose(sub -> {
      UUID wf = sub.workflow().id();
      UUID a = jobId(sub.workflow(), "a");
      return store.start(List.of(new StartAttempt(a, "w1")))
          .compose(s -> store.cancel(wf))
          .compose(outcome -> {
            ctx.verify(() -> {
              assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
              assertThat(outcome.effects().cancels).singleElement().satisfies(c -> {
                assertThat(c.jobId()).isEqualTo(a);
                assertThat(c.workerId()).isEqualTo("w1");
              });
            });
            return Future.all(store.cancel(wf), store.cancel(UUID.randomUUID()), store.workflow(wf));
          })
          .map(all -> {
            ctx.verify(() -> {
              assertThat(((Outcome) all.resultAt(0)).status()).isEqualTo(Outcome.Status.CONFLICT);
              assertThat(((Outcome) all.resultAt(1)).status()).isEqualTo(Outcome.Status.NOT_FOUND);
              Workflow done = all.resultAt(2);
              assertThat(done.state()).isEqualTo(WorkflowState.CANCELLED);
              assertThat(done.jobs()).extracting(Job::state).containsOnly(JobState.CANCELLED);
            });
            return null;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void workersListTheirRunningJobsAndAnalyticsCountAttempts(VertxTestContext ctx) {
    clock.advanceMillis(86_400_000); // past what the other tests of this class wrote
    Instant since = clock.instant().minusSeconds(60);
    WorkerRecord worker = new WorkerRecord("wk-1", "box", List.of("default"), List.of(), 2, "coord-1",
        clock.instant(), clock.instant(), List.of());
    store.saveWorker(worker)
        .compose(v -> store.submit(workflow("an", job("a"), job("b")), null))
        .compose(sub -> store.start(List.of(new StartAttempt(jobId(sub.workflow(), "a"), "wk-1"),
            new StartAttempt(jobId(sub.workflow(), "b"), "wk-1"))))
        .compose(started -> {
          clock.advanceMillis(250);
          return store.workers().compose(workers -> {
            ctx.verify(() -> assertThat(workers).singleElement()
                .satisfies(w -> assertThat(w.runningJobs()).hasSize(2)));
            return store.report(List.of(Report.complete(started.get(0).jobId(), 1, "wk-1", new JsonObject()),
                Report.fail(started.get(1).jobId(), 1, "wk-1", "bad", false)));
          });
        })
        .compose(batch -> store.analytics(since))
        .compose(analytics -> {
          ctx.verify(() -> {
            assertThat(analytics.getJsonObject("workflows").getInteger("FAILED")).isEqualTo(1);
            assertThat(analytics.getJsonObject("jobs").getInteger("SUCCEEDED")).isEqualTo(1);
            assertThat(analytics.getDouble("success_rate")).isEqualTo(0.0);
            assertThat(analytics.getJsonObject("job_duration_ms").getJsonObject("echo"))
                .isEqualTo(new JsonObject().put("count", 1).put("p50", 250L).put("p95", 250L).put("p99", 250L));
            assertThat(analytics.getJsonArray("top_failing_types").getJsonObject(0).getInteger("failures")).isEqualTo(1);
            assertThat(analytics.getJsonArray("workers").getJsonObject(0).getLong("busy_ms")).isEqualTo(500L);
            assertThat(analytics.getJsonArray("throughput_per_minute")).hasSize(1);
          });
          return store.removeWorker("wk-1").compose(v -> store.workers());
        })
        .onComplete(ctx.succeeding(workers -> ctx.verify(() -> {
          assertThat(workers).isEmpty();
          ctx.completeNow();
        })));
  }
}
