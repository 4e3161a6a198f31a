package io.orchestrator.testsupport;

import io.orchestrator.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Plain JDBC on the test thread: each call opens its own short connection (tests also kill
 * backends). Blocking: never call it from an event loop.
 */
public final class Sql {
  private Sql() {}

  public static List<Map<String, Object>> query(DatabaseUrl url, String sql) {
    try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + url.where() + ": " + e.getMessage(), e);
    }
  }

  public static long count(DatabaseUrl url, String sql) {
    return ((Number) query(url, sql).get(0).values().iterator().next()).longValue();
  }

  public static void execute(DatabaseUrl url, String sql) {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + url.where() + ": " + e.getMessage(), e);
    }
  }

  /** A connection with a 5 s connect timeout; the caller closes it. */
  public static Connection connect(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }
}
