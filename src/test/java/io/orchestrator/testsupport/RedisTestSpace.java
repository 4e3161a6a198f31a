package io.orchestrator.testsupport;

import io.orchestrator.redis.RedisConnector;
import io.orchestrator.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One Redis test class's corner of the test Redis: a connector and a key prefix no other class
 * (or run) shares. Each test takes {@link #freshKeys()} so that tests never see each other's keys;
 * {@link #close()} deletes every key under the class prefix, then closes the connector.
 *
 * <p>Typical use: open in {@code @BeforeAll}, {@code freshKeys()} in {@code @BeforeEach}, close in
 * {@code @AfterAll}.
 */
public final class RedisTestSpace {
  private final String prefix;
  private final RedisConnector redis;
  private int testNumber;

  private RedisTestSpace(String prefix, RedisConnector redis) {
    this.prefix = prefix;
    this.redis = redis;
  }

  /** Connects to the test Redis under a prefix of its own for {@code testClass}. */
  public static RedisTestSpace open(Vertx vertx, Class<?> testClass) {
    return new RedisTestSpace(TestRedis.uniquePrefix(testClass), TestRedis.connect(vertx));
  }

  public RedisConnector redis() {
    return redis;
  }

  /** Keys under a sub-prefix no earlier test of this class used ("{prefix}{n}:"). */
  public RedisKeys freshKeys() {
    return new RedisKeys(prefix + (++testNumber) + ":");
  }

  /**
   * Deletes the keys under this class's prefix and closes the connector, even when deleting
   * failed; the result fails if either step failed.
   */
  public Future<Void> close() {
    return TestRedis.deleteKeys(redis, prefix).transform(deleted -> redis.close().compose(
        closed -> deleted.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(deleted.cause())));
  }
}
