package io.orchestrator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MigratorTest {
  private static DatabaseUrl url;
  /** A database of its own for a second test: the first must find {@link #url} empty, whichever runs first. */
  private static DatabaseUrl other;

  @BeforeAll
  static void createEmptyDatabases() {
    url = TestDatabases.createEmpty("migrator");
    other = TestDatabases.createEmpty("migrator-other");
  }

  @AfterAll
  static void dropDatabases() {
    TestDatabases.drop(url);
    TestDatabases.drop(other);
  }

  @Test
  void migratesFromEmptyThenAppliesNothingTheSecondTime(Vertx vertx, VertxTestContext ctx) {
    Pool pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
    Migrator.migrate(vertx, url)
        .compose(first -> {
          ctx.verify(() -> assertThat(first).isGreaterThanOrEqualTo(1));
          return Migrator.migrate(vertx, url);
        })
        .compose(second -> {
          ctx.verify(() -> assertThat(second).isZero());
          return pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").execute();
        })
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          List<String> tables = new ArrayList<>();
          for (Row row : rows) {
            tables.add(row.getString(0));
          }
          assertThat(tables).contains("workflows", "jobs", "job_dependencies", "workers", "job_assignments",
              "workflow_events");
          pool.close();
          ctx.completeNow();
        })));
  }

  @Test
  void theHistoryTablesHaveNoForeignKeysToRecheckEachInsertedRow(Vertx vertx, VertxTestContext ctx) {
    Pool pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
    Migrator.migrate(vertx, url)
        .compose(applied -> pool.query("SELECT conrelid::regclass::text, conname FROM pg_constraint"
            + " WHERE contype = 'f' AND connamespace = 'public'::regnamespace").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          List<String> foreignKeys = new ArrayList<>();
          for (Row row : rows) {
            foreignKeys.add(row.getString(0) + "." + row.getString(1));
          }
          // V4 and V5 (docs/operations.md): rows only ever inserted by the statement that inserts their parents.
          assertThat(foreignKeys).isEmpty();
          pool.close();
          ctx.completeNow();
        })));
  }

  @Test
  void theDocumentsAreLeftOutOfTheAnalysesAndTheKeysAreNot(Vertx vertx, VertxTestContext ctx) {
    Pool pool = PgBuilder.pool().connectingTo(other.connectOptions()).using(vertx).build();
    Migrator.migrate(vertx, other)
        .compose(applied -> pool.query("SELECT attrelid::regclass::text || '.' || attname FROM pg_attribute"
            + " WHERE attstattarget = 0 AND attnum > 0 AND NOT attisdropped"
            + " AND attrelid::regclass::text IN ('workflows', 'jobs', 'job_assignments', 'workflow_events')").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          List<String> unanalysed = new ArrayList<>();
          for (Row row : rows) {
            unanalysed.add(row.getString(0));
          }
          // V6 (docs/operations.md): no statement filters on them, and they were most of ANALYZE's time.
          assertThat(unanalysed).containsExactlyInAnyOrder("jobs.payload", "jobs.retry", "jobs.result", "jobs.error",
              "jobs.depends_on", "workflows.labels", "job_assignments.error", "workflow_events.details");
          pool.close();
          ctx.completeNow();
        })));
  }

  @Test
  void unreachableDatabaseFailsWithHostAndPortButNoPassword(Vertx vertx, VertxTestContext ctx) {
    DatabaseUrl nowhere = DatabaseUrl.parse("postgresql://postgres:hunter2@127.0.0.1:1/nothing");
    Migrator.migrate(vertx, nowhere).onComplete(ctx.failing(error -> ctx.verify(() -> {
      assertThat(error).hasMessageContaining("127.0.0.1:1/nothing").hasMessageNotContaining("hunter2");
      ctx.completeNow();
    })));
  }
}
