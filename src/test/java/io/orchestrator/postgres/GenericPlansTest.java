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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The coordinator's sessions plan each statement once, for tables of the size they had then
 * (DatabaseUrl). A plan made while a table was small must still find its rows by key once the table
 * has grown: a sequential scan chosen for ten rows reads all of them on every call later.
 */
@ExtendWith(VertxExtension.class)
class GenericPlansTest {
  private DatabaseUrl url;
  private Pool pool;

  @BeforeEach
  void database(Vertx vertx) {
    url = TestDatabases.create("plans");
    pool = PgStores.pool(vertx, url, 1);
  }

  @AfterEach
  void drop() {
    await(pool.close());
    TestDatabases.drop(url);
  }

  @Test
  void aPlanMadeWhileTheEdgesWereFewProbesTheirIndexPerReportedJob() {
    SqlConnection connection = await(pool.getConnection());
    try {
      await(connection.query("INSERT INTO job_dependencies (job_id, depends_on_job_id)"
          + " SELECT gen_random_uuid(), gen_random_uuid() FROM generate_series(1, 10)").execute());
      await(connection.query("ANALYZE job_dependencies").execute());
      await(connection.query("PREPARE report_read(uuid[]) AS " + PgReport.READ_JOBS).execute());

      List<String> plan = new ArrayList<>();
      for (Row row : await(connection.query("EXPLAIN EXECUTE report_read(ARRAY[gen_random_uuid()])").execute())) {
        plan.add(row.getString(0));
      }

      assertThat(String.join("\n", plan)).contains("job_dependencies_upstream")
          .doesNotContain("Seq Scan on job_dependencies");
    } finally {
      await(connection.close());
    }
  }

  @Test
  void theSessionsPlanGenericallyWithoutSequentialScans() {
    Row settings = await(pool.query("SELECT current_setting('plan_cache_mode') AS plans,"
        + " current_setting('enable_seqscan') AS scans").execute()).iterator().next();

    assertThat(settings.getString("plans")).isEqualTo("force_generic_plan");
    assertThat(settings.getString("scans")).isEqualTo("off");
  }
}
