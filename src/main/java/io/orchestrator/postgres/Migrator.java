package io.orchestrator.postgres;

import io.orchestrator.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

/** Creates or upgrades the schema with Flyway (JDBC), off the event loop. */
public final class Migrator {
  private Migrator() {}

  /** Applies pending migrations; completes with how many were applied (0 when up to date). */
  public static Future<Integer> migrate(Vertx vertx, DatabaseUrl url) {
    return vertx.executeBlocking(() -> migrateBlocking(url), false);
  }

  /** The blocking form, for command-line tools and test set-up (never on an event loop). */
  public static int migrateBlocking(DatabaseUrl url) {
    try {
      Flyway flyway = Flyway.configure()
          .dataSource(url.jdbcUrl(), url.user(), url.password())
          .locations("classpath:db/migration")
          .load();
      return flyway.migrate().migrationsExecuted;
    } catch (RuntimeException e) {
      throw new IllegalStateException("database migration failed on " + url.where() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
