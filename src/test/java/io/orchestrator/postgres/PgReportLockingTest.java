package io.orchestrator.postgres;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.Outcome;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.Submission;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two lock modes of a report batch (PgReport): completions take their workflows' own lock only
 * before the finish probe, so two batches of one workflow's siblings overlap; failures lock the
 * workflow first, as cancel and retry do. The database's {@code deadlock_timeout} is a minute here,
 * so a lock order that can deadlock hangs a test (and fails it) instead of being retried unseen.
 */
class PgReportLockingTest {
  private static final int SIBLINGS = 12;
  private static DatabaseUrl url;
  private Vertx vertx;
  private PgStateStore store;

  @BeforeAll
  static void database() {
    url = TestDatabases.create("report_locking");
    Sql.execute(url, "ALTER DATABASE " + url.database() + " SET deadlock_timeout = '60s'");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(url);
  }

  @BeforeEach
  void connect() {
    vertx = Vertx.vertx();
    store = new PgStateStore(PgStores.pool(vertx, url, 8), "coord-1");
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void aCompletionUpdatesItsJobWhileAnotherBatchHoldsTheWorkflow() throws SQLException {
    // What a batch of completions holds in its late phase: the workflow's own lock.
    Held held = reportWhileHeld("FOR NO KEY UPDATE",
        first -> Report.complete(first.jobId(), first.attempt(), "w1", new JsonObject()), (first, report) -> {
          // The report got as far as its job update (the job's row is locked) while the workflow was held.
          eventually(() -> !canLockJob(first.jobId()));
          assertThat(report.isComplete()).isFalse();
        });
    assertThat(await(store.job(held.first().jobId())).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aFailureWaitsForTheWorkflowBeforeItTouchesAJob() throws SQLException {
    // What a batch of completions holds from its start: enough to keep a failure (it may skip) out.
    Held held = reportWhileHeld("FOR KEY SHARE",
        first -> Report.fail(first.jobId(), first.attempt(), "w1", "boom", false), (first, report) -> {
          eventually(() -> waitingOnALock("FOR UPDATE"));
          assertThat(canLockJob(first.jobId())).isTrue();
        });
    Workflow workflow = await(store.workflow(held.submission().workflow().id()));
    assertThat(workflow.state()).isEqualTo(WorkflowState.RUNNING); // its other sibling still runs
    assertThat(workflow.jobs()).extracting(Job::state)
        .containsExactly(JobState.FAILED, JobState.RUNNING, JobState.SKIPPED);
  }

  private record Held(Submission submission, Assignment first) {}

  /**
   * A fan-in of two with both siblings running; the first sibling's report is sent while another
   * transaction holds the workflow's row in {@code mode}, and {@code meanwhile} runs before that
   * hold ends. The report must then be applied.
   */
  private Held reportWhileHeld(String mode, Function<Assignment, Report> reportOf,
      BiConsumer<Assignment, Future<ReportBatch>> meanwhile) throws SQLException {
    Submission sub = await(store.submit(PgFixtures.fanIn(2), null));
    Assignment first = await(store.start(starts(sub.effects().ready))).get(0);
    Future<ReportBatch> report;
    try (Connection holder = Sql.connect(url)) {
      holder.setAutoCommit(false);
      lockWorkflow(holder, sub.workflow().id(), mode);
      report = store.report(List.of(reportOf.apply(first)));
      meanwhile.accept(first, report);
      holder.commit();
    }
    assertThat(await(report).results()).extracting(ReportResult::applied).containsExactly(true);
    return new Held(sub, first);
  }

  @Test
  void overlappingBatchesOfTwoFanInsReleaseEachJoinOnceWithoutADeadlock() {
    Submission a = await(store.submit(PgFixtures.fanIn(SIBLINGS), null));
    Submission b = await(store.submit(PgFixtures.fanIn(SIBLINGS), null));
    List<Assignment> siblingsA = await(store.start(starts(a.effects().ready)));
    List<Assignment> siblingsB = await(store.start(starts(b.effects().ready)));
    // Each batch holds siblings of both workflows, half of the batches in the opposite order, all in flight.
    List<Future<ReportBatch>> batches = new ArrayList<>();
    for (int i = 0; i < SIBLINGS; i += 2) {
      List<Report> batch = new ArrayList<>();
      for (int k = i; k < i + 2; k++) {
        batch.add(complete(siblingsA.get(k)));
        batch.add(complete(siblingsB.get(SIBLINGS - 1 - k)));
      }
      if (i % 4 == 0) {
        Collections.reverse(batch);
      }
      batches.add(store.report(batch));
    }
    await(Future.all(batches));
    List<UUID> released = new ArrayList<>();
    for (Future<ReportBatch> batch : batches) {
      assertThat(batch.result().results()).extracting(ReportResult::applied).containsOnly(true);
      batch.result().effects().ready.forEach(job -> released.add(job.jobId()));
    }
    UUID joinA = a.workflow().jobs().get(SIBLINGS).id();
    UUID joinB = b.workflow().jobs().get(SIBLINGS).id();
    assertThat(released).containsExactlyInAnyOrder(joinA, joinB);

    List<Assignment> joins = await(store.start(List.of(new StartAttempt(joinA, "w1"), new StartAttempt(joinB, "w1"))));
    assertThat(joins).extracting(join -> join.inputs().size()).containsOnly(SIBLINGS);
    await(store.report(joins.stream().map(PgReportLockingTest::complete).toList()));
    for (Submission sub : List.of(a, b)) {
      assertThat(await(store.workflow(sub.workflow().id())).state()).isEqualTo(WorkflowState.SUCCEEDED);
      List<AuditEvent> events = await(store.events(sub.workflow().id()));
      assertThat(events.stream().filter(e -> "BLOCKED".equals(e.fromState()) && "QUEUED".equals(e.toState())))
          .hasSize(1);
      assertThat(events.stream().filter(e -> e.jobId() == null && "SUCCEEDED".equals(e.toState()))).hasSize(1);
    }
  }

  @Test
  void aCancelRacingCompletionsEndsTheWorkflowOnceWithoutADeadlock() {
    Submission sub = await(store.submit(PgFixtures.fanIn(SIBLINGS), null));
    List<Assignment> siblings = await(store.start(starts(sub.effects().ready)));
    List<Future<ReportBatch>> reports = new ArrayList<>();
    Future<Outcome> cancel = null;
    for (int i = 0; i < SIBLINGS; i++) {
      reports.add(store.report(List.of(complete(siblings.get(i)))));
      if (i == SIBLINGS / 2) {
        cancel = store.cancel(sub.workflow().id());
      }
    }
    await(Future.all(reports));
    assertThat(await(cancel).status()).isEqualTo(Outcome.Status.OK);

    Workflow workflow = await(store.workflow(sub.workflow().id()));
    assertThat(workflow.state()).isEqualTo(WorkflowState.CANCELLED);
    long succeeded = workflow.jobs().stream().filter(job -> job.state() == JobState.SUCCEEDED).count();
    long applied = reports.stream().filter(r -> r.result().results().get(0).applied()).count();
    assertThat(succeeded).isEqualTo(applied);
    assertThat(workflow.jobs()).extracting(Job::state).containsOnly(JobState.SUCCEEDED, JobState.CANCELLED);
    assertThat(workflow.jobs().get(SIBLINGS).state()).isEqualTo(JobState.CANCELLED);
    List<AuditEvent> events = await(store.events(sub.workflow().id()));
    assertThat(events.stream().filter(e -> e.jobId() == null && e.toState() != null
        && WorkflowState.valueOf(e.toState()).isTerminal())).hasSize(1);
  }

  private static Report complete(Assignment assignment) {
    return Report.complete(assignment.jobId(), assignment.attempt(), "w1", new JsonObject().put("of", assignment.jobName()));
  }

  private static List<StartAttempt> starts(List<QueuedJob> ready) {
    return ready.stream().map(q -> new StartAttempt(q.jobId(), "w1")).toList();
  }

  private static void lockWorkflow(Connection connection, UUID workflowId, String mode) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM workflows WHERE id = ? " + mode)) {
      lock.setObject(1, workflowId);
      lock.executeQuery().close();
    }
  }

  /** Whether another transaction could lock the job's row now (the probe holds it only for an instant). */
  private static boolean canLockJob(UUID jobId) {
    try (Connection probe = Sql.connect(url);
        PreparedStatement lock = probe.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE NOWAIT")) {
      lock.setObject(1, jobId);
      lock.executeQuery().close();
      return true;
    } catch (SQLException e) {
      if ("55P03".equals(e.getSQLState())) {
        return false;
      }
      throw new IllegalStateException(e);
    }
  }

  /** Whether one of the store's connections waits for a lock in a statement that contains {@code clause}. */
  private static boolean waitingOnALock(String clause) {
    return Sql.count(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND wait_event_type = 'Lock' AND query LIKE '%" + clause + "%'") > 0;
  }
}
