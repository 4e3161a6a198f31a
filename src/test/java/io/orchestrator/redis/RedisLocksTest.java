package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Locks;
import io.orchestrator.ports.LocksContract;
import io.orchestrator.testsupport.RedisTestSpace;
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
  private static RedisTestSpace space;

  private RedisKeys keys;
  private RedisLocks locks;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, RedisLocksTest.class);
  }

  @AfterAll
  static void cleanUp() {
    await(space.close());
  }

  @BeforeEach
  void fresh() {
    keys = space.freshKeys();
    locks = new RedisLocks(space.redis(), keys);
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
    assertThat(await(space.redis().send(Request.cmd(Command.GET).arg(key))).toString()).isEqualTo("coord-1");
    assertThat(await(space.redis().send(Request.cmd(Command.PTTL).arg(key))).toLong()).isPositive();
  }

  @Test
  void tokensStillGrowAfterRedisLostTheCounter() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    RedisLocks earlier = new RedisLocks(space.redis(), keys, Clock.fixed(start, ZoneOffset.UTC));
    RedisLocks later = new RedisLocks(space.redis(), keys, Clock.fixed(start.plusMillis(1), ZoneOffset.UTC));
    Lease before = null;
    for (int grant = 0; grant < 50; grant++) {
      before = await(earlier.acquire("sweeper", "a", Duration.ofSeconds(30)));
      await(earlier.release(before));
    }
    await(space.redis().send(Request.cmd(Command.DEL).arg(keys.lock("sweeper")).arg(keys.lockFence("sweeper"))));

    Lease after = await(later.acquire("sweeper", "b", Duration.ofSeconds(30)));

    assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
  }
}
