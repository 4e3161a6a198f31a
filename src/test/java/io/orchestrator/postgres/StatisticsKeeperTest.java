package io.orchestrator.postgres;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StatisticsKeeperTest {
  private DatabaseUrl url;
  private Pool pool;

  @BeforeEach
  void database(Vertx vertx) {
    url = TestDatabases.create("stats");
    pool = PgStores.pool(vertx, url, 2);
    // Only the keeper may analyse here: autovacuum would, too, given time.
    await(pool.query("ALTER TABLE workflows SET (autovacuum_enabled = false)").execute());
  }

  @AfterEach
  void drop() {
    await(pool.close());
    TestDatabases.drop(url);
  }

  @Test
  void aTableIsStaleAfterAThousandChangesAndAsManyAsItHasRows() {
    assertThat(StatisticsKeeper.isStale(0, 999)).isFalse();
    assertThat(StatisticsKeeper.isStale(0, 1_000)).isTrue();
    assertThat(StatisticsKeeper.isStale(10_000, 9_999)).isFalse();
    assertThat(StatisticsKeeper.isStale(10_000, 10_000)).isTrue();
  }

  @Test
  void onceStartedItAnalysesByItselfUntilStopped(Vertx vertx) throws Exception {
    StatisticsKeeper keeper = new StatisticsKeeper(vertx, pool);
    await(keeper.start());
    try {
      insertWorkflows(1500);
      boolean analysed = false;
      for (int i = 0; i < 100 && !analysed; i++) {
        Thread.sleep(100);
        analysed = await(pool.query("SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables"
            + " WHERE relname = 'workflows'").execute()).iterator().next().getBoolean("analysed");
      }
      assertThat(analysed).as("analysed within 10 s of growing").isTrue();
    } finally {
      await(keeper.stop());
    }
  }

  private void insertWorkflows(int n) {
    SqlConnection connection = await(pool.getConnection());
    try {
      await(connection.query("INSERT INTO workflows (id, name, state, created_at)"
          + " SELECT gen_random_uuid(), 'w', 'RUNNING', now() FROM generate_series(1, " + n + ")").execute());
      // The counters reach pg_stat_user_tables when this backend is next idle.
      await(connection.query("SELECT pg_stat_force_next_flush()").execute());
    } finally {
      await(connection.close());
    }
  }

  @Test
  void analysesTheTablesThatGrewAndThenNothing(Vertx vertx) throws Exception {
    StatisticsKeeper keeper = new StatisticsKeeper(vertx, pool);
    assertThat(await(keeper.check())).as("nothing changed yet").isEmpty();

    insertWorkflows(1500);
    List<String> analysed = List.of();
    for (int i = 0; i < 100 && analysed.isEmpty(); i++) {
      analysed = await(keeper.check());
      if (analysed.isEmpty()) {
        Thread.sleep(100);
      }
    }
    assertThat(analysed).containsExactly("workflows");
    Row stats = await(pool.query("SELECT n_mod_since_analyze, last_analyze IS NOT NULL AS analysed"
        + " FROM pg_stat_user_tables WHERE relname = 'workflows'").execute()).iterator().next();
    assertThat(stats.getBoolean("analysed")).isTrue();
    assertThat(await(keeper.check())).as("fresh now").isEmpty();
  }
}
