package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What each SQL statement cost PostgreSQL in a run's measured window ({@code --sql-costs}), from
 * {@code pg_stat_statements}: the counters are reset when the window opens and read when it closes,
 * before the read-back of every workflow. The server must preload the extension
 * ({@code shared_preload_libraries}); {@code bench/sql-costs.sh} starts a private one that does.
 * Times are the statements' own (wall time inside the server, lock waits included).
 */
final class StatementCosts {
  static final int TOP = 15;

  private static final String READ = "SELECT calls, total_exec_time, rows, wal_records, wal_bytes,"
      + " regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements"
      + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
      + " AND query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC";

  private StatementCosts() {}

  /** Opens the window: zero counters. Fails with a clear message when the server does not load the extension. */
  static void reset(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.execute("SELECT pg_stat_statements_reset()");
    } catch (SQLException e) {
      throw new SQLException("--sql-costs needs pg_stat_statements in shared_preload_libraries of the server"
          + " (bench/sql-costs.sh starts one that has it): " + e.getMessage(), e);
    }
  }

  /** One statement's counters over the window. */
  record Counters(String statement, long calls, double execMs, long rows, long walRecords, double walBytes) {}

  /** Closes the window: every statement's counters, the most expensive first. */
  static List<Counters> read(Connection c) throws SQLException {
    List<Counters> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(READ); ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        out.add(new Counters(rows.getString("query"), rows.getLong("calls"), rows.getDouble("total_exec_time"),
            rows.getLong("rows"), rows.getLong("wal_records"), rows.getDouble("wal_bytes")));
      }
    }
    return out;
  }

  /** The {@link #TOP} statements, each with its share per job of the run, and {@code "all"} summing every statement. */
  static JsonObject perJob(List<Counters> counters, int jobs) {
    JsonArray top = new JsonArray();
    double allMs = 0;
    long allWalRecords = 0;
    double allWalBytes = 0;
    int perJob = Math.max(1, jobs);
    for (Counters c : counters) {
      allMs += c.execMs();
      allWalRecords += c.walRecords();
      allWalBytes += c.walBytes();
      if (top.size() < TOP) {
        top.add(new JsonObject().put("statement", c.statement()).put("calls", c.calls())
            .put("exec_us_per_job", WorkloadRun.round(c.execMs() * 1000 / perJob))
            .put("ms_per_call", WorkloadRun.round(c.execMs() / Math.max(1, c.calls())))
            .put("rows_per_call", WorkloadRun.round(c.rows() / (double) Math.max(1, c.calls())))
            .put("wal_records_per_job", WorkloadRun.round(c.walRecords() / (double) perJob))
            .put("wal_bytes_per_job", WorkloadRun.round(c.walBytes() / perJob)));
      }
    }
    return new JsonObject().put("jobs", jobs).put("top", top)
        .put("all", new JsonObject().put("exec_us_per_job", WorkloadRun.round(allMs * 1000 / perJob))
            .put("wal_records_per_job", WorkloadRun.round(allWalRecords / (double) perJob))
            .put("wal_bytes_per_job", WorkloadRun.round(allWalBytes / perJob)));
  }

  /** The table printed after a run: one line per statement, the first 90 characters of its text. */
  static String table(JsonObject costs) {
    StringBuilder out = new StringBuilder(String.format("  %8s %10s %9s %9s %9s  %s%n",
        "calls", "us/job", "ms/call", "WAL rec/j", "WAL B/j", "statement"));
    for (Object o : costs.getJsonArray("top")) {
      JsonObject row = (JsonObject) o;
      String text = row.getString("statement");
      out.append(String.format("  %8d %10.1f %9.2f %9.2f %9.0f  %s%n", row.getLong("calls"),
          row.getDouble("exec_us_per_job"), row.getDouble("ms_per_call"), row.getDouble("wal_records_per_job"),
          row.getDouble("wal_bytes_per_job"), text.length() > 90 ? text.substring(0, 90) : text));
    }
    JsonObject all = costs.getJsonObject("all");
    out.append(String.format("  all statements: %.1f us/job, %.1f WAL records/job, %.0f WAL bytes/job (%d jobs)",
        all.getDouble("exec_us_per_job"), all.getDouble("wal_records_per_job"), all.getDouble("wal_bytes_per_job"),
        costs.getInteger("jobs")));
    return out.toString();
  }
}
