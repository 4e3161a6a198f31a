package io.orchestrator.redis;

import static io.orchestrator.ports.StateStoreContract.await;

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
import io.orchestrator.postgres.PgStateStore;
import io.orchestrator.postgres.PgStores;
import io.orchestrator.testsupport.RedisTestSpace;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state store contract against the store of PostgreSQL + Redis mode: the hot cache in real
 * Redis over PostgreSQL. Every answer must be the one the store alone would give, also where the
 * cache already holds the workflow or job (reads between writes in the contract's own steps).
 */
@ExtendWith(VertxExtension.class)
class CachedPgStateStoreTest {
  private static DatabaseUrl url;
  private static RedisTestSpace space;

  @RegisterExtension
  static final StateStoreContract.Factory STORES = CachedPgStateStoreTest::newStore;

  @BeforeAll
  static void servers(Vertx vertx) {
    url = TestDatabases.create("cached_contract");
    space = RedisTestSpace.open(vertx, CachedPgStateStoreTest.class);
  }

  @AfterAll
  static void cleanUp() {
    TestDatabases.drop(url);
    await(space.close());
  }

  private static Future<StateStore> newStore(Vertx vertx, Clock clock) {
    Pool pool = PgStores.pool(vertx, url, 4);
    return pool.query("TRUNCATE workflow_events, job_assignments, job_dependencies, jobs, workflows, workers")
        .execute()
        .map(done -> new CachedStateStore(new PgStateStore(pool, "coordinator-test", clock), space.redis(),
            space.freshKeys()));
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
