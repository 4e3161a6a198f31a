package io.orchestrator.postgres;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.StateStoreContract;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state store contract against PostgreSQL. One database for the class (creating and migrating
 * one per test would dominate the run); each test starts from empty tables.
 */
class PgStateStoreTest extends StateStoreContract {
  private static DatabaseUrl url;

  @BeforeAll
  static void database() {
    url = TestDatabases.create("contract");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(url);
  }

  @Override
  protected Future<StateStore> newStore(Vertx vertx, Clock clock) {
    Pool pool = PgStores.pool(vertx, url, 4);
    return pool.query("TRUNCATE workflow_events, job_assignments, job_dependencies, jobs, workflows, workers")
        .execute()
        .map(done -> new PgStateStore(pool, "coordinator-test", clock));
  }
}
