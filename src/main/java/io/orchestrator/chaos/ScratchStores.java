package io.orchestrator.chaos;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.postgres.Migrator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The run's own stores: a fresh database {@code wfo_chaos_<random>} (migrated here, dropped at the
 * end) and a Redis db in 10..15 that was empty when claimed. Faults touch only these.
 */
final class ScratchStores implements AutoCloseable {
  static final String PROBE_APPLICATION = "wfo-chaos-probe";
  private static final String CLAIM_KEY = "wfo-chaos:claimed-by";

  private final DatabaseUrl server;
  private final DatabaseUrl database;
  private final RedisDb redis;
  private final boolean keepDatabase;
  private volatile Runnable beforeCleanUp;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  /** Drops the database even when the run is interrupted (Ctrl-C, SIGTERM). */
  private final Thread shutdownHook = new Thread(this::cleanUp, "chaos-stores-cleanup");

  private ScratchStores(DatabaseUrl server, DatabaseUrl database, RedisDb redis, boolean keepDatabase) {
    this.server = server;
    this.database = database;
    this.redis = redis;
    this.keepDatabase = keepDatabase;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static ScratchStores create(ChaosOptions options, String runId) throws SQLException, IOException {
    RedisDb redis = claimRedisDb(options.redisHost(), options.redisPort(), runId);
    DatabaseUrl server = DatabaseUrl.parse(options.databaseUrl()).withDatabase("postgres");
    String name = "wfo_chaos_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    DatabaseUrl database = server.withDatabase(name);
    ScratchStores stores = new ScratchStores(server, database, redis, options.keepDatabase());
    try {
      Migrator.migrateBlocking(database);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
    return stores;
  }

  /** The first db of 10..15 with no keys, claimed with a marker key so a parallel run picks another. */
  private static RedisDb claimRedisDb(String host, int port, String runId) throws IOException {
    for (int db = 10; db <= 15; db++) {
      RedisDb candidate = new RedisDb(host, port, db);
      if (candidate.dbSize() == 0 && candidate.setIfAbsent(CLAIM_KEY, runId) && candidate.dbSize() == 1) {
        return candidate;
      }
    }
    throw new IOException("no empty Redis db among 10..15 on " + host + ":" + port);
  }

  String databaseName() {
    return database.database();
  }

  RedisDb redis() {
    return redis;
  }

  /** DATABASE_URL for the child processes (credentials go in their environment, never in logs). */
  String databaseUrlForChildren() {
    String credentials = URLEncoder.encode(database.user(), StandardCharsets.UTF_8)
        + (database.password() == null ? "" : ":" + URLEncoder.encode(database.password(), StandardCharsets.UTF_8));
    String host = database.host().contains(":") ? "[" + database.host() + "]" : database.host();
    return "postgresql://" + credentials + "@" + host + ":" + database.port() + "/" + database.database();
  }

  /** A JDBC connection to the scratch database, named so that pg_terminate_backend spares it. */
  Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", database.user());
    if (database.password() != null) {
      props.setProperty("password", database.password());
    }
    props.setProperty("ApplicationName", PROBE_APPLICATION);
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(database.jdbcUrl(), props);
  }

  /** Terminates the coordinators' backends on the scratch database (not ours); returns how many. */
  int terminateBackends() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
         var statement = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
             + "FROM pg_stat_activity WHERE datname = ? AND application_name <> ? AND pid <> pg_backend_pid()")) {
      statement.setString(1, database.database());
      statement.setString(2, PROBE_APPLICATION);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  /** Runs first on clean-up (stopping the processes), so that nothing writes to the stores after they are cleared. */
  void beforeCleanUp(Runnable action) {
    this.beforeCleanUp = action;
  }

  private void cleanUp() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Runnable first = beforeCleanUp;
    if (first != null) {
      first.run();
    }
    try {
      redis.flushDb();
    } catch (IOException e) {
      System.err.println("chaos: could not flush Redis db " + redis.db() + ": " + e.getMessage());
    }
    if (keepDatabase) {
      System.err.println("chaos: kept database " + database.database());
      return;
    }
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("chaos: could not drop database " + database.database() + ": " + e.getMessage());
    }
  }
}
