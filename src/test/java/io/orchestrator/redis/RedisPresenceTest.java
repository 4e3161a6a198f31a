package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.Presence;
import io.orchestrator.ports.PresenceContract;
import io.orchestrator.testsupport.RedisTestSpace;
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
  private static RedisTestSpace space;

  private RedisKeys keys;
  private RedisPresence presence;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, RedisPresenceTest.class);
  }

  @AfterAll
  static void cleanUp() {
    await(space.close());
  }

  @BeforeEach
  void fresh() {
    keys = space.freshKeys();
    presence = new RedisPresence(space.redis(), keys);
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
    long ttl = await(space.redis().send(Request.cmd(Command.PTTL).arg(heartbeat))).toLong();
    assertThat(ttl).isPositive().isLessThanOrEqualTo(30_000);
    assertThat(await(space.redis().send(Request.cmd(Command.GET).arg(heartbeat))).toLong()).isPositive();
    assertThat(await(space.redis().send(Request.cmd(Command.SISMEMBER)
        .arg(keys.prefix() + "set:active_workers").arg("w-7"))).toLong()).isEqualTo(1);
  }
}
