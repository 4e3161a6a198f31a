package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Locks;
import io.orchestrator.ports.LocksContract;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Locks contract against Redis (real, short TTLs), plus its key names and a lost counter. */
class RedisLocksTest extends LocksContract {
  private static final String PREFIX = TestRedis.uniquePrefix(RedisLocksTest.class);
  private static RedisConnector redis;
  private static int testNumber;

  private RedisKeys keys;
  private RedisLocks locks;

  @BeforeAll
  static void connect(Vertx vertx) {
    redis = TestRedis.connect(vertx);
  }

  @AfterAll
  static void cleanUp() {
    try {
      await(TestRedis.deleteKeys(redis, PREFIX));
    } finally {
      await(redis.close());
    }
  }

  @BeforeEach
  void fresh() {
    keys = new RedisKeys(PREFIX + (++testNumber) + ":");
    locks = new RedisLocks(redis, keys);
  }

  @Override
  protected Locks locks() {
    return locks;
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofMillis(300);
  }

  @Test
  void theLockKeyHoldsTheOwnerAndExpires() {
    await(locks.acquire("sweeper", "coord-1", Duration.ofSeconds(30)));

    String key = keys.prefix() + "lock:sweeper";
    assertThat(await(redis.send(Request.cmd(Command.GET).arg(key))).toString()).isEqualTo("coord-1");
    assertThat(await(redis.send(Request.cmd(Command.PTTL).arg(key))).toLong()).isPositive();
  }

  @Test
  void tokensStillGrowAfterRedisLostTheCounter() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    RedisLocks earlier = new RedisLocks(redis, keys, Clock.fixed(start, ZoneOffset.UTC));
    RedisLocks later = new RedisLocks(redis, keys, Clock.fixed(start.plusMillis(1), ZoneOffset.UTC));
    Lease before = null;
    for (int grant = 0; grant < 50; grant++) {
      before = await(earlier.acquire("sweeper", "a", Duration.ofSeconds(30)));
      await(earlier.release(before));
    }
    await(redis.send(Request.cmd(Command.DEL).arg(keys.lock("sweeper")).arg(keys.lockFence("sweeper"))));

    Lease after = await(later.acquire("sweeper", "b", Duration.ofSeconds(30)));

    assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
  }
}
