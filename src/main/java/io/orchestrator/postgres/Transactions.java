package io.orchestrator.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Runs a unit of work in one transaction; a transaction that lost a race (deadlock, serialization
 * failure, a fenced update that matched fewer rows than checked) runs again from scratch, so the
 * work must build all its state inside the function. Errors leave translated.
 */
final class Transactions {
  private static final int MAX_TRIES = 5;
  private final Pool pool;

  Transactions(Pool pool) {
    this.pool = pool;
  }

  <T> Future<T> run(String operation, Function<SqlConnection, Future<T>> work) {
    return run(operation, work, 1);
  }

  private <T> Future<T> run(String operation, Function<SqlConnection, Future<T>> work, int tryNumber) {
    return pool.withTransaction(work).recover(error -> {
      if (SqlErrors.isRetryable(error) && tryNumber < MAX_TRIES) {
        return run(operation, work, tryNumber + 1);
      }
      return Future.failedFuture(SqlErrors.translate(operation, error));
    });
  }

  /** A statement outside a transaction (reads, single atomic statements), with the same error mapping. */
  <T> Future<T> single(String operation, Function<Pool, Future<T>> work) {
    return single(operation, work, 1);
  }

  private <T> Future<T> single(String operation, Function<Pool, Future<T>> work, int tryNumber) {
    return work.apply(pool).recover(error -> {
      if (SqlErrors.isRetryable(error) && tryNumber < MAX_TRIES) {
        return single(operation, work, tryNumber + 1);
      }
      return Future.failedFuture(SqlErrors.translate(operation, error));
    });
  }
}
