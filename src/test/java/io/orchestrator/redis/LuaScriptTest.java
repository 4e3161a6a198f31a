package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LuaScriptTest {
  private static final String PREFIX = TestRedis.uniquePrefix(LuaScriptTest.class);

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void fallsBackToEvalAfterScriptFlushAndCachesTheScriptAgain(Vertx vertx) throws Exception {
    RedisConnector redis = TestRedis.connect(vertx);
    LuaScript release = LuaScript.load("lock_release");
    List<String> keys = List.of(PREFIX + "lock:x", PREFIX + "lock:x:fence");
    try {
      await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
      assertThat(exists(redis, release)).isFalse();

      assertThat(await(release.run(redis, keys, List.of("me", "1"))).toLong()).isZero();

      assertThat(exists(redis, release)).isTrue(); // the local SHA1 is Redis's SHA1 of the source
      assertThat(await(release.run(redis, keys, List.of("me", "1"))).toLong()).isZero();
    } finally {
      await(TestRedis.deleteKeys(redis, PREFIX));
      await(redis.close());
    }
  }

  @Test
  void aMissingScriptIsAClearError() {
    assertThatThrownBy(() -> LuaScript.load("no_such_script"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/lua/no_such_script.lua");
  }

  private static boolean exists(RedisConnector redis, LuaScript script) throws Exception {
    return await(redis.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha1()))).get(0).toLong() == 1;
  }
}
