package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL drops the coordinator's connections, or stops accepting them: nothing is lost or done
 * twice, health says so while it lasts, the API answers 503, and the coordinator comes back alone.
 * The shared server cannot be stopped, so an outage is made on this test's own database only.
 */
class PostgresOutageTest {
  private DatabaseUrl db;
  private String prefix;
  private TestCoordinator it;
  private final List<Workloads.Worker> workers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    db = TestDatabases.create("pg_outage");
    prefix = TestRedis.uniquePrefix(getClass());
  }

  @AfterEach
  void tearDown() {
    workers.forEach(Workloads.Worker::kill);
    if (it != null) {
      it.close();
    }
    try (RawRedis redis = RawRedis.open()) {
      redis.deleteKeys(prefix);
    }
    Sql.execute(TestDatabases.server(), "ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS true");
    TestDatabases.drop(db);
  }

  /** Ends every backend of this test's database (the coordinator's pool); answers how many. */
  private long terminateBackends() {
    return Sql.count(TestDatabases.server(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        + "WHERE datname = '" + db.database() + "' AND pid <> pg_backend_pid()");
  }

  @Test
  void terminatedBackendsLoseNothingAndDoNothingTwice() throws InterruptedException {
    it = TestCoordinator.durable("coordinator-pg", 0, db, TestRedis.url(), prefix);
    workers.add(Workloads.worker(List.of(it.wsUrl()), "w1", 4));
    workers.add(Workloads.worker(List.of(it.wsUrl()), "w2", 4));
    List<String> ids = Workloads.submitAll(it, 20, i -> Workloads.chainAndFan("pg-outage-" + i));

    long terminated = 0;
    for (int round = 0; round < 6; round++) {
      Thread.sleep(250);
      terminated += terminateBackends();
    }

    assertThat(terminated).as("backends terminated").isPositive();
    assertThat(Workloads.finalStates(it, ids)).containsOnly("SUCCEEDED");
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(20 * 6L);
    Invariants.auditTrailsAreComplete(db);
  }

  @Test
  void unreachableDatabaseIsReportedAndTheCoordinatorReconnectsByItself() {
    it = TestCoordinator.durable("coordinator-pg-health", 0, db, null, null);
    workers.add(Workloads.worker(List.of(it.wsUrl()), "w1", 2));
    assertThat(it.request("GET", "/health", null, null).statusCode()).isEqualTo(200);

    Sql.execute(TestDatabases.server(), "ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS false");
    terminateBackends();

    eventually("/health to answer 503", () -> it.request("GET", "/health", null, null).statusCode() == 503);
    JsonObject health = it.request("GET", "/health", null, null).bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("DOWN");
    assertThat(check(health, "postgres").getString("status")).isEqualTo("DOWN");
    HttpResponse<Buffer> refused = it.post("/api/v1/workflows", Workloads.threeRoots("while-down", 10));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getInteger("status")).isEqualTo(503);

    Sql.execute(TestDatabases.server(), "ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS true");

    eventually("/health to answer 200 again", () -> it.request("GET", "/health", null, null).statusCode() == 200);
    String id = it.submit(Workloads.threeRoots("after-outage", 10)).getString("id");
    assertThat(it.awaitTerminal(id).getString("state")).isEqualTo("SUCCEEDED");
    assertThat(Sql.count(db, "SELECT count(*) FROM workflows")).as("workflows stored").isEqualTo(1);
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + health.encode()));
  }
}
