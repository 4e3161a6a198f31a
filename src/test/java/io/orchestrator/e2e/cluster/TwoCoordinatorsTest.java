package io.orchestrator.e2e.cluster;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static io.orchestrator.testsupport.TestCoordinator.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.config.RedisUrl;
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.redis.RedisConnector;
import io.orchestrator.redis.RedisKeys;
import io.orchestrator.redis.RedisLocks;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import io.orchestrator.worker.HandlerRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two coordinators over one PostgreSQL and one Redis: shared work, failover, cancels, stale leases. */
class TwoCoordinatorsTest {
  private DatabaseUrl database;
  private RedisUrl redis;
  private String prefix;
  private final List<TestCoordinator> coordinators = new ArrayList<>();
  private final List<String> cancels = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    database = TestDatabases.create("cluster");
    redis = TestRedis.url();
    prefix = TestRedis.uniquePrefix(TwoCoordinatorsTest.class);
  }

  @AfterEach
  void tearDown() {
    for (TestCoordinator c : coordinators) {
      try {
        c.close();
      } catch (RuntimeException alreadyCrashed) {
        // crashed on purpose by the test
      }
    }
    Vertx vertx = Vertx.vertx();
    RedisConnector connector = TestRedis.connect(vertx);
    await(TestRedis.deleteKeys(connector, prefix).eventually(connector::close).eventually(vertx::close));
    TestDatabases.drop(database);
  }

  private TestCoordinator coordinator(String id, int port) {
    TestCoordinator c = TestCoordinator.durable(id, port, database, redis, prefix);
    coordinators.add(c);
    return c;
  }

  private HandlerRegistry handlers() {
    return new HandlerRegistry().register("hang", ctx -> {
      ctx.onCancel(v -> cancels.add(ctx.jobName()));
      return Promise.<JsonObject>promise().future();
    });
  }

  private static JsonObject chain(String name) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "a").put("type", "sleep").put("payload", new JsonObject().put("ms", 20)))
        .add(new JsonObject().put("name", "b").put("type", "echo").put("depends_on", new JsonArray().add("a")))
        .add(new JsonObject().put("name", "c").put("type", "echo").put("depends_on", new JsonArray().add("a")))
        .add(new JsonObject().put("name", "d").put("type", "noop").put("depends_on", new JsonArray().add("b").add("c"))));
  }

  private List<List<Object>> query(String sql) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      List<List<Object>> out = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rows.getObject(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertExactlyOneSuccessPerJob() {
    assertThat(query("SELECT count(*) FROM jobs j WHERE (SELECT count(*) FROM job_assignments a"
        + " WHERE a.job_id = j.id AND a.outcome = 'SUCCEEDED') <> 1").get(0).get(0)).isEqualTo(0L);
  }

  @Test
  void workflowsSubmittedToBothFinishOnWorkersOfBoth() {
    TestCoordinator a = coordinator("coordinator-a", 0);
    TestCoordinator b = coordinator("coordinator-b", 0);
    a.worker("on-a", 2, null);
    b.worker("on-b", 2, null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add((i % 2 == 0 ? a : b).submit(chain("wf-" + i)).getString("id"));
    }

    for (String id : ids) {
      assertThat(b.awaitTerminal(id).getString("state")).isEqualTo("SUCCEEDED");
    }
    assertExactlyOneSuccessPerJob();
    assertThat(query("SELECT DISTINCT coordinator_id FROM job_assignments ORDER BY 1").stream().map(r -> r.get(0)))
        .containsExactly("coordinator-a", "coordinator-b");
  }

  @Test
  void whenOneCoordinatorDiesTheOtherFinishesEverything() {
    int portA = TestCoordinator.freePort();
    int portB = TestCoordinator.freePort();
    TestCoordinator a = coordinator("coordinator-a", portA);
    TestCoordinator b = coordinator("coordinator-b", portB);
    List<TestCoordinator.Isolated> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(a.isolatedWorker("w" + i, 3, null, List.of(a.wsUrl(), b.wsUrl())));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add((i % 2 == 0 ? a : b).submit(chain("wf-" + i)).getString("id"));
    }
    eventually("some jobs done", () -> ((Number) query("SELECT count(*) FROM jobs WHERE state = 'SUCCEEDED'")
        .get(0).get(0)).longValue() > 10);

    a.crash();

    for (String id : ids) {
      assertThat(b.awaitTerminal(id).getString("state")).as(id).isEqualTo("SUCCEEDED");
    }
    assertExactlyOneSuccessPerJob();
    assertThat(query("SELECT count(*) FROM job_assignments WHERE coordinator_id = 'coordinator-b'").get(0).get(0))
        .isNotEqualTo(0L);
  }

  @Test
  void cancelReachesAWorkerConnectedToTheOtherCoordinator() {
    TestCoordinator a = coordinator("coordinator-a", 0);
    TestCoordinator b = coordinator("coordinator-b", 0);
    b.worker("on-b", 2, handlers());
    String id = a.submit(new JsonObject().put("name", "cancel-me").put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "long").put("type", "hang")))).getString("id");
    a.awaitWorkflow(id, w -> "RUNNING".equals(job(w, "long").getString("state")));

    assertThat(a.post("/api/v1/workflows/" + id + "/cancel", null).statusCode()).isEqualTo(202);

    eventually("the worker on the other coordinator to receive cancel", () -> cancels.contains("long"));
    assertThat(b.workflow(id).getString("state")).isEqualTo("CANCELLED");
  }

  @Test
  void aLeaseHolderThatWasPausedCannotWriteWithItsStaleLease() {
    TestCoordinator a = coordinator("coordinator-a", 0);
    String id = a.submit(new JsonObject().put("name", "fenced").put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "x").put("type", "hang")).add(new JsonObject().put("name", "y").put("type", "hang"))))
        .getString("id");
    a.worker("w", 2, handlers());
    a.awaitWorkflow(id, w -> "RUNNING".equals(job(w, "x").getString("state")) && "RUNNING".equals(job(w, "y").getString("state")));
    JsonObject wf = a.workflow(id);
    UUID x = UUID.fromString(job(wf, "x").getString("id"));
    UUID y = UUID.fromString(job(wf, "y").getString("id"));
    String workerId = job(wf, "x").getString("worker_id");
    RedisConnector connector = TestRedis.connect(a.vertx);
    RedisLocks locks = new RedisLocks(connector, new RedisKeys(prefix + "fence-test:"));
    try {
      Lease paused = await(locks.acquire("reaper", "paused-coordinator", Duration.ofMillis(200)));
      Lease[] granted = new Lease[1];
      eventually("the paused holder's lease to expire and pass to a new holder",
          () -> (granted[0] = await(locks.acquire("reaper", "new-holder", Duration.ofSeconds(30)))) != null);
      Lease current = granted[0];
      assertThat(current.fencingToken()).isGreaterThan(paused.fencingToken());

      ReportBatch byCurrent = await(a.coordinator.services().store().report(
          List.of(Report.lost(x, 1, workerId, "reaped by the new holder")), current));
      ReportBatch byPaused = await(a.coordinator.services().store().report(
          List.of(Report.lost(y, 1, workerId, "reaped by the paused holder")), paused));

      assertThat(byCurrent.results().get(0).applied()).isTrue();
      assertThat(byPaused.results().get(0).applied()).isFalse();
      assertThat(byPaused.results().get(0).code()).isEqualTo(ReportResult.STALE_LEASE);
      assertThat(query("SELECT state FROM jobs WHERE id = '" + y + "'").get(0).get(0)).isEqualTo("RUNNING");
    } finally {
      await(connector.close());
    }
  }
}
