package io.orchestrator.redis;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.postgres.PgStateStore;
import io.orchestrator.postgres.PgStores;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.StateStoreContract;
import io.orchestrator.testsupport.RedisTestSpace;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state store contract against the store of PostgreSQL + Redis mode: the hot cache in real
 * Redis over PostgreSQL. Every answer must be the one the store alone would give, also where the
 * cache already holds the workflow or job (reads between writes in the contract's own steps).
 */
class CachedPgStateStoreTest extends StateStoreContract {
  private static DatabaseUrl url;
  private static RedisTestSpace space;

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

  @Override
  protected Future<StateStore> newStore(Vertx vertx, Clock clock) {
    Pool pool = PgStores.pool(vertx, url, 4);
    return pool.query("TRUNCATE workflow_events, job_assignments, job_dependencies, jobs, workflows, workers")
        .execute()
        .map(done -> new CachedStateStore(new PgStateStore(pool, "coordinator-test", clock), space.redis(),
            space.freshKeys()));
  }
}
