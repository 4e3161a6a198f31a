package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.Presence;
import io.orchestrator.ports.PresenceContract;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Presence contract against Redis (real, short TTLs), plus its public key names. */
class RedisPresenceTest extends PresenceContract {
  private static final String PREFIX = TestRedis.uniquePrefix(RedisPresenceTest.class);
  private static RedisConnector redis;
  private static int testNumber;

  private RedisKeys keys;
  private RedisPresence presence;

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
    presence = new RedisPresence(redis, keys);
  }

  @Override
  protected Presence presence() {
    return presence;
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofMillis(300);
  }

  @Test
  void usesThePublicKeyNamesWithATtl() {
    await(presence.beat("w-7", Duration.ofSeconds(30)));

    String heartbeat = keys.prefix() + "worker:heartbeat:w-7";
    long ttl = await(redis.send(Request.cmd(Command.PTTL).arg(heartbeat))).toLong();
    assertThat(ttl).isPositive().isLessThanOrEqualTo(30_000);
    assertThat(await(redis.send(Request.cmd(Command.GET).arg(heartbeat))).toLong()).isPositive();
    assertThat(await(redis.send(Request.cmd(Command.SISMEMBER).arg(keys.prefix() + "set:active_workers").arg("w-7")))
        .toLong()).isEqualTo(1);
  }
}
