package io.orchestrator.cli;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.postgres.Migrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** {@code migrate}: creates or upgrades the schema of DATABASE_URL (Flyway, JDBC, on this thread). */
final class MigrateCommand {
  static final String USAGE = String.join("\n",
      "Usage: java -jar workflow-orchestrator.jar migrate [options]",
      "",
      "Creates or upgrades the PostgreSQL schema (tables workflows, jobs, workers, job_assignments,",
      "workflow_events) of DATABASE_URL. Safe to run again: applied migrations are skipped.",
      "",
      "Options:",
      "  --database-url URL   instead of the DATABASE_URL environment variable",
      "                       (postgresql://, postgres:// or postgresql+psycopg://user:pass@host:port/db)",
      "  --create-database    create the database first when it does not exist",
      "  --help               this text");

  private MigrateCommand() {}

  static int run(String[] args) {
    Flags flags = Flags.parse(args, Set.of("--database-url"), Set.of("--help", "--create-database"));
    if (flags.has("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    String text = flags.has("--database-url") ? flags.get("--database-url") : System.getenv("DATABASE_URL");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("set DATABASE_URL (or --database-url) to the PostgreSQL database to migrate");
    }
    DatabaseUrl url = DatabaseUrl.parse(text);
    try {
      if (flags.has("--create-database")) {
        createIfMissing(url);
      }
      int applied = Migrator.migrateBlocking(url);
      System.out.printf("Schema of %s is up to date (%d migration%s applied).%n", url.where(), applied, applied == 1 ? "" : "s");
      return 0;
    } catch (RuntimeException | SQLException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void createIfMissing(DatabaseUrl url) throws SQLException {
    if (!url.database().matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("--create-database needs a plain database name, got '" + url.database() + "'");
    }
    DatabaseUrl admin = url.withDatabase("postgres");
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
      try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, url.database());
        try (ResultSet rows = exists.executeQuery()) {
          if (rows.next()) {
            return;
          }
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE \"" + url.database() + "\"");
        System.out.println("Created database " + url.database() + ".");
      }
    } catch (SQLException e) {
      throw new SQLException("cannot create database on " + url.where() + ": " + e.getMessage(), e);
    }
  }
}
