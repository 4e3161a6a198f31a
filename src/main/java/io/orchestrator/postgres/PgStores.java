package io.orchestrator.postgres;

import io.orchestrator.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;

/** Builds a {@link PgStateStore} on a connection pool and checks that the database answers. */
public final class PgStores {
  private PgStores() {}

  public static Pool pool(Vertx vertx, DatabaseUrl url, int poolSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }

  /** A store whose pool answered a ping; a failed future (host:port, no password) otherwise. */
  public static Future<PgStateStore> connect(Vertx vertx, DatabaseUrl url, int poolSize, String coordinatorId,
      Clock clock) {
    PgStateStore store = new PgStateStore(pool(vertx, url, poolSize), coordinatorId, clock);
    return store.ping()
        .map(v -> store)
        .recover(error -> store.close().transform(closed -> Future.failedFuture(
            new IllegalStateException("cannot reach PostgreSQL at " + url.where() + ": " + error.getMessage(), error))));
  }

  public static Future<PgStateStore> connect(Vertx vertx, DatabaseUrl url, int poolSize, String coordinatorId) {
    return connect(vertx, url, poolSize, coordinatorId, Clock.systemUTC());
  }
}
