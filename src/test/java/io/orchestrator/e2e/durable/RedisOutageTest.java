package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis loses everything (all keys under this test's prefix deleted: what the coordinator sees as
 * a flush) or drops the coordinator's connections: PostgreSQL is the truth, so the queue and
 * presence come back and every workflow still succeeds, each job exactly once.
 */
class RedisOutageTest {
  private static final int WORKFLOWS = 10;

  private DatabaseUrl db;
  private String prefix;
  private TestCoordinator it;
  private Workloads.Worker worker;
  private RawRedis redis;

  @BeforeEach
  void setUp() {
    db = TestDatabases.create("redis_outage");
    prefix = TestRedis.uniquePrefix(getClass());
    redis = RawRedis.open();
    it = TestCoordinator.durable("coordinator-redis", 0, db, TestRedis.url(), prefix);
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.kill();
    }
    it.close();
    redis.deleteKeys(prefix);
    redis.close();
    TestDatabases.drop(db);
  }

  private long succeededJobs() {
    return Sql.count(db, "SELECT count(*) FROM jobs WHERE state = 'SUCCEEDED'");
  }

  @Test
  void queueAndPresenceLiveInRedisAndComeBackAfterAFlush() {
    List<String> ids = Workloads.submitAll(it, WORKFLOWS, i -> Workloads.threeRoots("flush-" + i, 100));

    assertThat(redis.number("ZCARD", prefix + "queue:pending_jobs")).as("root jobs waiting in Redis").isEqualTo(30);

    worker = Workloads.worker(List.of(it.wsUrl()), "w1", 3);
    String workerId = worker.runtime().workerId();
    long ttl = redis.number("PTTL", prefix + "worker:heartbeat:" + workerId);
    assertThat(ttl).as("presence TTL (ms)").isPositive().isLessThanOrEqualTo(1000);
    assertThat(redis.number("SISMEMBER", prefix + "set:active_workers", workerId)).isEqualTo(1);
    eventually("some jobs done, most still to do", () -> succeededJobs() >= 3);
    assertThat(succeededJobs()).as("jobs done before the flush").isLessThan(WORKFLOWS * 4L);

    assertThat(redis.deleteKeys(prefix)).as("keys deleted by the flush").isPositive();

    assertThat(Workloads.finalStates(it, ids)).containsOnly("SUCCEEDED");
    eventually("the worker present again", () -> redis.number("SISMEMBER", prefix + "set:active_workers", workerId) == 1
        && redis.number("PTTL", prefix + "worker:heartbeat:" + workerId) > 0);
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(WORKFLOWS * 4L);
    Invariants.auditTrailsAreComplete(db);
    eventually("the queue empty", () -> redis.number("ZCARD", prefix + "queue:pending_jobs") == 0);
  }

  @Test
  void killedRedisConnectionsLoseNothing() throws InterruptedException {
    worker = Workloads.worker(List.of(it.wsUrl()), "w1", 4);
    List<String> ids = Workloads.submitAll(it, WORKFLOWS, i -> Workloads.chainAndFan("kill-" + i));

    int killed = 0;
    for (int round = 0; round < 6; round++) {
      Thread.sleep(200);
      killed += OwnConnections.killRedisClients(redis, TestRedis.url().port());
    }

    assertThat(killed).as("coordinator connections killed").isPositive();
    assertThat(Workloads.finalStates(it, ids)).containsOnly("SUCCEEDED");
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(WORKFLOWS * 6L);
    Invariants.auditTrailsAreComplete(db);
  }
}
