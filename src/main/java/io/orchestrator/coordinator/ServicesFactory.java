package io.orchestrator.coordinator;

import io.orchestrator.config.AppConfig;
import io.orchestrator.memory.MemoryJobQueue;
import io.orchestrator.memory.MemoryLocks;
import io.orchestrator.memory.MemoryPresence;
import io.orchestrator.memory.MemoryStateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chooses the storage mode from the configuration (DESIGN.md): memory when neither DATABASE_URL nor
 * REDIS_URL is set; REDIS_URL alone is refused; a bad or unreachable URL fails the start-up.
 */
public final class ServicesFactory {
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
      return Future.succeededFuture(memory(config.coordinatorId(), settings, metrics));
    }
    return Future.failedFuture(new IllegalArgumentException("DATABASE_URL is set but PostgreSQL mode is not built in yet"));
  }

  /** Everything in this process: development, demos, tests. */
  public static Services memory(String coordinatorId, CoordinatorSettings settings, CoordinatorMetrics metrics) {
    Clock clock = Clock.systemUTC();
    List<Services.HealthCheck> health = new ArrayList<>();
    List<Supplier<Future<Void>>> closers = new ArrayList<>();
    return new Services(coordinatorId, settings, new MemoryStateStore(coordinatorId, clock), new MemoryJobQueue(),
        new MemoryPresence(clock), new MemoryLocks(clock), metrics, health, closers);
  }
}
