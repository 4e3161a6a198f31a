package io.orchestrator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The run's scratch stores on the real servers: fresh migrated database, an empty Redis db, both cleaned up. */
class ScratchStoresTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

  @Test
  void createsMigratesSparesItsOwnConnectionsAndCleansUp() throws Exception {
    ChaosOptions options = ChaosOptions.parse(new String[] {"--short"});
    String name;
    int db;
    try (ScratchStores stores = ScratchStores.create(options, "test")) {
      name = stores.databaseName();
      db = stores.redis().db();
      assertThat(name).startsWith("wfo_chaos_");
      assertThat(db).isBetween(10, 15);
      assertThat(stores.redis().dbSize()).isEqualTo(1);
      try (Connection probe = stores.connect(); Statement s = probe.createStatement()) {
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM workflows")) {
          rows.next();
          assertThat(rows.getLong(1)).isZero();
        }
        stores.terminateBackends();
        assertThat(probe.isValid(2)).isTrue();
      }
      try (Connection other = DriverManager.getConnection(SERVER.replace("/postgres", "/" + name), "postgres", null)) {
        assertThat(stores.terminateBackends()).isGreaterThanOrEqualTo(1);
        assertThat(other.isValid(2)).isFalse();
      }
    }
    try (Connection c = DriverManager.getConnection(SERVER, "postgres", null); Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
    assertThat(new RedisDb("127.0.0.1", 6379, db).dbSize()).isZero();
  }
}
