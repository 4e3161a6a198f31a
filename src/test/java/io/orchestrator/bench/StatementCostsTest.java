package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementCostsTest {
  @Test
  void perJobDividesTheWindowsCountersByTheRunsJobs() {
    List<StatementCosts.Counters> counters = new ArrayList<>();
    counters.add(new StatementCosts.Counters("UPDATE jobs", 40, 80.0, 2000, 10_000, 1_000_000));
    counters.add(new StatementCosts.Counters("COMMIT", 40, 2.0, 0, 0, 0));
    for (int i = 0; i < StatementCosts.TOP; i++) {
      counters.add(new StatementCosts.Counters("SELECT " + i, 1, 0.5, 1, 0, 0));
    }

    JsonObject costs = StatementCosts.perJob(counters, 2000);

    JsonArray top = costs.getJsonArray("top");
    assertThat(top).hasSize(StatementCosts.TOP);
    JsonObject first = top.getJsonObject(0);
    assertThat(first.getString("statement")).isEqualTo("UPDATE jobs");
    assertThat(first.getDouble("exec_us_per_job")).isEqualTo(40.0); // 80 ms over 2,000 jobs
    assertThat(first.getDouble("ms_per_call")).isEqualTo(2.0);
    assertThat(first.getDouble("rows_per_call")).isEqualTo(50.0);
    assertThat(first.getDouble("wal_records_per_job")).isEqualTo(5.0);
    assertThat(first.getDouble("wal_bytes_per_job")).isEqualTo(500.0);
    // "all" sums every statement, also those beyond the top.
    JsonObject all = costs.getJsonObject("all");
    assertThat(all.getDouble("exec_us_per_job")).isEqualTo((80.0 + 2.0 + 0.5 * StatementCosts.TOP) * 1000 / 2000);
    assertThat(all.getDouble("wal_records_per_job")).isEqualTo(5.0);
    assertThat(StatementCosts.table(costs)).contains("UPDATE jobs").contains("all statements: ");
  }

  @Test
  void readsTheWindowWhenTheServerLoadsTheExtensionAndSaysWhatIsMissingWhenNot() throws SQLException {
    DatabaseUrl url = TestDatabases.createEmpty("statement_costs");
    try (Connection c = Sql.connect(url)) {
      boolean loaded = Sql.query(url, "SHOW shared_preload_libraries").get(0).values().iterator().next()
          .toString().contains("pg_stat_statements");
      if (!loaded) {
        assertThatThrownBy(() -> StatementCosts.reset(c))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("pg_stat_statements in shared_preload_libraries")
            .hasMessageContaining("bench/sql-costs.sh");
        return;
      }
      StatementCosts.reset(c);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id int)");
        s.execute("INSERT INTO t SELECT generate_series(1, 100)");
      }
      List<StatementCosts.Counters> window = StatementCosts.read(c);
      assertThat(window).anySatisfy(counters -> {
        assertThat(counters.statement()).startsWith("INSERT INTO t");
        assertThat(counters.rows()).isEqualTo(100);
      });
    } finally {
      TestDatabases.drop(url);
    }
  }
}
