package io.orchestrator.coordinator;

import io.orchestrator.config.AppConfig;
import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.config.RedisUrl;
import io.orchestrator.memory.MemoryChangeFeed;
import io.orchestrator.memory.MemoryCounters;
import io.orchestrator.memory.MemoryJobQueue;
import io.orchestrator.memory.MemoryLocks;
import io.orchestrator.memory.MemoryPresence;
import io.orchestrator.memory.MemoryStateStore;
import io.orchestrator.ports.StateStore;
import io.orchestrator.postgres.Migrator;
import io.orchestrator.postgres.PgStores;
import io.orchestrator.redis.CachedStateStore;
import io.orchestrator.redis.RedisChangeFeed;
import io.orchestrator.redis.RedisConnector;
import io.orchestrator.redis.RedisCounters;
import io.orchestrator.redis.RedisJobQueue;
import io.orchestrator.redis.RedisKeys;
import io.orchestrator.redis.RedisLocks;
import io.orchestrator.redis.RedisPresence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the storage mode from the configuration (DESIGN.md): memory when neither DATABASE_URL nor
 * REDIS_URL is set; PostgreSQL alone; PostgreSQL + Redis (the only mode in which several coordinators
 * may share the work). REDIS_URL alone is refused; a bad or unreachable URL fails the start-up.
 */
public final class ServicesFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ServicesFactory.class);
  private static final int REDIS_POOL = 16;

  private ServicesFactory() {}

  public static CoordinatorSettings settings(AppConfig config, int localWorkers) {
    return new CoordinatorSettings(config.httpHost(), config.httpPort(),
        config.apiToken().orElse(null), config.workerToken().orElse(null),
        config.heartbeatInterval(), config.heartbeatTtl(), config.bodyLimitBytes(), config.limits(),
        Duration.ofSeconds(5), localWorkers);
  }

  public static Future<Services> create(Vertx vertx, AppConfig config, CoordinatorSettings settings, CoordinatorMetrics metrics) {
    if (config.redisUrl().isPresent() && config.databaseUrl().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException(
          "REDIS_URL is set without DATABASE_URL: Redis is never the only copy of accepted work; set DATABASE_URL too"));
    }
    if (config.databaseUrl().isEmpty()) {
      return Future.succeededFuture(memory(vertx, config.coordinatorId(), settings, metrics, config.memoryRetainedJobs()));
    }
    DatabaseUrl databaseUrl;
    RedisUrl redisUrl;
    try {
      databaseUrl = DatabaseUrl.parse(config.databaseUrl().get());
      redisUrl = config.redisUrl().map(RedisUrl::parse).orElse(null);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return durable(vertx, config, databaseUrl, redisUrl, "", settings, metrics);
  }

  /** Everything in this process: development, demos, tests. */
  public static Services memory(Vertx vertx, String coordinatorId, CoordinatorSettings settings, CoordinatorMetrics metrics) {
    return memory(vertx, coordinatorId, settings, metrics, MemoryStateStore.DEFAULT_RETAINED_JOBS);
  }

  /** {@code retainedJobs}: jobs of finished workflows kept before the oldest finished are forgotten. */
  public static Services memory(Vertx vertx, String coordinatorId, CoordinatorSettings settings, CoordinatorMetrics metrics,
      long retainedJobs) {
    Clock clock = Clock.systemUTC();
    return new Services(coordinatorId, settings, new MemoryStateStore(coordinatorId, clock, retainedJobs), new MemoryJobQueue(),
        new MemoryPresence(clock), new MemoryPresence(clock), new MemoryLocks(clock), new MemoryChangeFeed(), new MemoryCounters(),
        new Signals(vertx.eventBus(), null, coordinatorId), metrics, new ArrayList<>(), new ArrayList<>());
  }

  /** PostgreSQL as the truth; Redis (when given) for the queue, presence, locks, cache, counters and events. */
  public static Future<Services> durable(Vertx vertx, AppConfig config, DatabaseUrl databaseUrl, RedisUrl redisUrl,
      String redisKeyPrefix, CoordinatorSettings settings, CoordinatorMetrics metrics) {
    String coordinatorId = config.coordinatorId();
    List<Services.HealthCheck> health = new ArrayList<>();
    List<Supplier<Future<Void>>> closers = new ArrayList<>();
    Future<Integer> migrated = config.migrateOnStart()
        ? Migrator.migrate(vertx, databaseUrl).onSuccess(n -> LOG.info("Schema migrated ({} migrations applied)", n))
        : Future.succeededFuture(0);
    return migrated
        .compose(n -> PgStores.connect(vertx, databaseUrl, config.dbPoolSize(), coordinatorId))
        .compose(store -> {
          closers.add(store::close);
          return store.keepStatistics(vertx).map(stop -> {
            closers.add(stop);
            return store;
          });
        })
        .compose(store -> {
          health.add(new Services.HealthCheck("postgres", store::ping));
          if (redisUrl == null) {
            Clock clock = Clock.systemUTC();
            LOG.info("Storage: PostgreSQL at {}; queue, presence and locks in this process", databaseUrl.where());
            return Future.succeededFuture(new Services(coordinatorId, settings, store, new MemoryJobQueue(),
                new MemoryPresence(clock), new MemoryPresence(clock), new MemoryLocks(clock), new MemoryChangeFeed(),
                new MemoryCounters(),
                new Signals(vertx.eventBus(), null, coordinatorId), metrics, health, closers));
          }
          return withRedis(vertx, coordinatorId, store, databaseUrl, redisUrl, new RedisKeys(redisKeyPrefix),
              settings, metrics, health, closers);
        })
        .recover(e -> Services.closeAll(closers).transform(v -> Future.failedFuture(e)));
  }

  private static Future<Services> withRedis(Vertx vertx, String coordinatorId, StateStore store, DatabaseUrl databaseUrl,
      RedisUrl redisUrl, RedisKeys keys, CoordinatorSettings settings, CoordinatorMetrics metrics,
      List<Services.HealthCheck> health, List<Supplier<Future<Void>>> closers) {
    RedisConnector redis = RedisConnector.create(vertx, redisUrl, REDIS_POOL);
    closers.add(redis::close);
    health.add(new Services.HealthCheck("redis", redis::ping));
    return redis.ping()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot reach Redis at " + redisUrl + ": " + e.getMessage(), e)))
        .map(v -> {
          RedisChangeFeed feed = new RedisChangeFeed(vertx, redis, keys);
          RedisChangeFeed signals = new RedisChangeFeed(vertx, redis, keys.signalsChannel());
          closers.add(feed::close);
          closers.add(signals::close);
          LOG.info("Storage: PostgreSQL at {}, Redis at {}", databaseUrl.where(), redisUrl);
          return new Services(coordinatorId, settings, new CachedStateStore(store, redis, keys),
              new RedisJobQueue(redis, keys), new RedisPresence(redis, keys), RedisPresence.coordinators(redis, keys),
              new RedisLocks(redis, keys), feed,
              new RedisCounters(redis, keys), new Signals(vertx.eventBus(), signals, coordinatorId), metrics, health, closers);
        });
  }
}
