package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A coordinator dies mid-run and another takes over the same PostgreSQL and Redis prefix: every
 * workflow still ends SUCCEEDED, each job with exactly one SUCCEEDED attempt and a clean audit trail.
 */
class RestartRecoveryTest {
  private static final int WORKFLOWS = 20;

  private DatabaseUrl db;
  private String prefix;
  private final List<TestCoordinator> coordinators = new ArrayList<>();
  private final List<Workloads.Worker> workers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    db = TestDatabases.create("restart");
    prefix = TestRedis.uniquePrefix(getClass());
  }

  @AfterEach
  void tearDown() {
    workers.forEach(Workloads.Worker::kill);
    coordinators.forEach(TestCoordinator::close);
    try (RawRedis redis = RawRedis.open()) {
      redis.deleteKeys(prefix);
    }
    TestDatabases.drop(db);
  }

  private TestCoordinator coordinator(String id, int port) {
    TestCoordinator it = TestCoordinator.durable(id, port, db, TestRedis.url(), prefix);
    coordinators.add(it);
    return it;
  }

  private Workloads.Worker worker(List<String> urls, String name) {
    Workloads.Worker worker = Workloads.worker(urls, name, 4);
    workers.add(worker);
    return worker;
  }

  private void crash(TestCoordinator it) {
    coordinators.remove(it);
    it.crash();
  }

  /** Waits until some jobs are RUNNING while others are done: the moment to pull the plug. */
  private void awaitMidRun() {
    eventually("jobs running mid-run", () ->
        Sql.count(db, "SELECT count(*) FROM jobs WHERE state = 'RUNNING'") > 0
            && Sql.count(db, "SELECT count(*) FROM jobs WHERE state = 'SUCCEEDED'") >= WORKFLOWS);
  }

  @Test
  void workersFailOverToTheNewCoordinatorAndEveryJobSucceedsOnce() {
    int portA = TestCoordinator.freePort();
    int portB = otherFreePort(portA);
    List<String> urls = List.of("ws://127.0.0.1:" + portA, "ws://127.0.0.1:" + portB);
    TestCoordinator a = coordinator("coordinator-a", portA);
    Workloads.Worker w1 = worker(urls, "w1");
    Workloads.Worker w2 = worker(urls, "w2");
    List<String> ids = Workloads.submitAll(a, WORKFLOWS, i -> Workloads.chainAndFan("restart-" + i));
    awaitMidRun();

    crash(a);
    TestCoordinator b = coordinator("coordinator-b", portB);

    assertThat(Workloads.finalStates(b, ids)).containsOnly("SUCCEEDED");
    eventually("both workers on coordinator B", () -> "coordinator-b".equals(w1.runtime().coordinatorId())
        && "coordinator-b".equals(w2.runtime().coordinatorId()));
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(WORKFLOWS * 6L);
    Invariants.auditTrailsAreComplete(db);
  }

  @Test
  void jobsOfWorkersThatDiedWithTheCoordinatorAreLostThenRetried() {
    int portA = TestCoordinator.freePort();
    TestCoordinator a = coordinator("coordinator-a", portA);
    List<String> toA = List.of("ws://127.0.0.1:" + portA);
    Workloads.Worker w1 = worker(toA, "doomed-1");
    Workloads.Worker w2 = worker(toA, "doomed-2");
    List<String> ids = Workloads.submitAll(a, WORKFLOWS, i -> Workloads.chainAndFan("die-together-" + i));
    awaitMidRun();

    crash(a);
    w1.kill();
    w2.kill();
    TestCoordinator b = coordinator("coordinator-b", 0);
    worker(List.of(b.wsUrl()), "fresh-1");
    worker(List.of(b.wsUrl()), "fresh-2");

    assertThat(Workloads.finalStates(b, ids)).containsOnly("SUCCEEDED");
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(WORKFLOWS * 6L);
    assertThat(Sql.count(db, "SELECT count(*) FROM job_assignments WHERE outcome = 'LOST' AND error LIKE '%presence lapsed%'"))
        .as("attempts that coordinator B found lost when the dead workers' presence lapsed").isPositive();
    Invariants.auditTrailsAreComplete(db);
  }

  static int otherFreePort(int taken) {
    int port = TestCoordinator.freePort();
    while (port == taken) {
      port = TestCoordinator.freePort();
    }
    return port;
  }
}
