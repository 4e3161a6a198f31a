package io.orchestrator.postgres;

import io.orchestrator.ports.BackendUnavailableException;
import io.vertx.pgclient.PgException;

/** The one place where PostgreSQL errors become the store's errors. */
final class SqlErrors {
  static final String UNIQUE_VIOLATION = "23505";
  static final String SERIALIZATION_FAILURE = "40001";
  static final String DEADLOCK_DETECTED = "40P01";

  private SqlErrors() {}

  /** A transaction that lost a race and may simply be run again. */
  static final class Retryable extends RuntimeException {
    Retryable(String message) {
      super(message, null, false, false);
    }
  }

  static boolean isRetryable(Throwable error) {
    if (error instanceof Retryable) {
      return true;
    }
    return error instanceof PgException pg
        && (SERIALIZATION_FAILURE.equals(pg.getSqlState()) || DEADLOCK_DETECTED.equals(pg.getSqlState()));
  }

  static boolean isUniqueViolation(Throwable error) {
    return error instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** Wraps what the callers cannot act on into a message that says which operation failed. */
  static Throwable translate(String operation, Throwable error) {
    if (isUniqueViolation(error)) {
      PgException pg = (PgException) error;
      return new IllegalArgumentException("duplicate in " + operation + ": " + pg.getErrorMessage()
          + (pg.getDetail() == null ? "" : " (" + pg.getDetail() + ")"), error);
    }
    if (error instanceof PgException pg) {
      return new IllegalStateException("PostgreSQL error in " + operation + " (" + pg.getSqlState() + "): "
          + pg.getErrorMessage(), error);
    }
    if (error instanceof io.vertx.core.VertxException || error instanceof java.net.ConnectException) {
      // The client's own failures: a pooled connection found closed ("Connection is not active now",
      // after pg_terminate_backend or a server restart), a refused or lost connection.
      return new BackendUnavailableException("PostgreSQL unavailable in " + operation + ": " + error.getMessage(), error);
    }
    return error;
  }
}
