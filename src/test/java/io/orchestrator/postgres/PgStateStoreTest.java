package io.orchestrator.postgres;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.StateStoreContract;
import io.orchestrator.ports.StateStoreFailureContract;
import io.orchestrator.ports.StateStoreQueryContract;
import io.orchestrator.ports.StateStoreRecoveryContract;
import io.orchestrator.ports.StateStoreReportContract;
import io.orchestrator.ports.StateStoreStartContract;
import io.orchestrator.ports.StateStoreSubmitContract;
import io.orchestrator.ports.StateStoreWorkflowControlContract;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state store contract against PostgreSQL. One database for the class and its nested contracts
 * (creating and migrating one per test would dominate the run); each test starts from empty tables.
 */
class PgStateStoreTest {
  private static DatabaseUrl url;

  @RegisterExtension
  static final StateStoreContract.Factory STORES = PgStateStoreTest::newStore;

  @BeforeAll
  static void database() {
    url = TestDatabases.create("contract");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(url);
  }

  private static Future<StateStore> newStore(Vertx vertx, Clock clock) {
    Pool pool = PgStores.pool(vertx, url, 4);
    return pool.query("TRUNCATE workflow_events, job_assignments, job_dependencies, jobs, workflows, workers")
        .execute()
        .map(done -> new PgStateStore(pool, "coordinator-test", clock));
  }

  @Nested
  class Submit extends StateStoreSubmitContract {}

  @Nested
  class Start extends StateStoreStartContract {}

  @Nested
  class Reports extends StateStoreReportContract {}

  @Nested
  class Failures extends StateStoreFailureContract {}

  @Nested
  class WorkflowControl extends StateStoreWorkflowControlContract {}

  @Nested
  class Queries extends StateStoreQueryContract {}

  @Nested
  class Recovery extends StateStoreRecoveryContract {}
}
