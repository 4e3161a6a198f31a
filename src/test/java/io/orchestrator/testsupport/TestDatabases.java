package io.orchestrator.testsupport;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.postgres.Migrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL for integration tests, resolved once per JVM: {@code TEST_DATABASE_URL}; else a
 * Testcontainers PostgreSQL when Docker is available; else 127.0.0.1:5432 as user postgres; else
 * every caller fails with one message saying what was tried. Each test class gets a fresh,
 * migrated database of its own ({@link #create}), dropped afterwards (best effort).
 *
 * <p>Blocking (JDBC): call it from test set-up, never from an event loop.
 */
public final class TestDatabases {
  private static final Set<DatabaseUrl> CREATED = ConcurrentHashMap.newKeySet();
  private static volatile DatabaseUrl server;
  private static volatile RuntimeException unavailable;
  private static PostgreSQLContainer container;

  private TestDatabases() {}

  /** The server's admin URL (database {@code postgres}); fails with a clear message when none. */
  public static synchronized DatabaseUrl server() {
    if (server != null) {
      return server;
    }
    if (unavailable != null) {
      throw unavailable;
    }
    try {
      server = resolve();
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
      return server;
    } catch (RuntimeException e) {
      unavailable = e;
      throw e;
    }
  }

  /** A fresh database {@code wfo_test_<hint>_<random>} with the schema migrated. */
  public static DatabaseUrl create(String hint) {
    DatabaseUrl url = createEmpty(hint);
    Migrator.migrateBlocking(url);
    return url;
  }

  /** Creates an empty database (no migration), for migration tests. */
  public static DatabaseUrl createEmpty(String hint) {
    DatabaseUrl admin = server();
    String safe = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    String name = "wfo_test_" + safe.substring(0, Math.min(safe.length(), 30)) + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    Sql.execute(admin, "CREATE DATABASE " + name);
    DatabaseUrl url = admin.withDatabase(name);
    CREATED.add(url);
    return url;
  }

  /** Drops a database made by {@link #create}; failures are reported on stderr, not thrown. */
  public static void drop(DatabaseUrl url) {
    if (!CREATED.remove(url)) {
      return;
    }
    try {
      Sql.execute(server(), "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)");
    } catch (RuntimeException e) {
      System.err.println("could not drop test database " + url.database() + ": " + e.getMessage());
    }
  }

  private static void dropAll() {
    List.copyOf(CREATED).forEach(TestDatabases::drop);
    if (container != null) {
      container.stop();
    }
  }

  private static DatabaseUrl resolve() {
    String fromEnv = System.getenv("TEST_DATABASE_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      DatabaseUrl url = DatabaseUrl.parse(fromEnv);
      check(url).ifPresent(problem -> {
        throw new IllegalStateException("TEST_DATABASE_URL (" + url + ") does not answer: " + problem);
      });
      return url;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      return new DatabaseUrl(container.getUsername(), container.getPassword(), container.getHost(),
          container.getMappedPort(5432), "postgres", null);
    }
    DatabaseUrl local = new DatabaseUrl("postgres", null, "127.0.0.1", 5432, "postgres", null);
    String problem = check(local).orElse(null);
    if (problem == null) {
      return local;
    }
    throw new IllegalStateException("No PostgreSQL for integration tests. Tried: TEST_DATABASE_URL (unset), "
        + "Testcontainers (no Docker engine), " + local + " (" + problem + "). Start PostgreSQL on "
        + "127.0.0.1:5432 with trust auth for user postgres, or set TEST_DATABASE_URL=postgresql://user:pass@host:port/db");
  }

  private static java.util.Optional<String> check(DatabaseUrl url) {
    try (Connection ignored = Sql.connect(url)) {
      return java.util.Optional.empty();
    } catch (SQLException e) {
      return java.util.Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
