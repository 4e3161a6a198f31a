package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.config.RedisUrl;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RedisConnectorTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void answersPing(Vertx vertx) throws Exception {
    RedisConnector redis = TestRedis.connect(vertx);
    try {
      await(redis.ping());
    } finally {
      await(redis.close());
    }
  }

  @Test
  void carriesOnWhenItsConnectionIsKilled(Vertx vertx) throws Exception {
    RedisConnector redis = RedisConnector.create(vertx, TestRedis.url(), 1);
    RedisConnector killer = TestRedis.connect(vertx);
    try {
      long ownId = await(redis.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
      await(killer.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(ownId)));

      // The pooled connection is dead: the next command meets it, fails, and is retried.
      assertThat(await(redis.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
      await(redis.ping());
      long newId = await(redis.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
      assertThat(newId).isNotEqualTo(ownId);
    } finally {
      await(redis.close());
      await(killer.close());
    }
  }

  @Test
  void givesUpAfterBoundedRetriesWhenNothingListens(Vertx vertx) throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort(); // closed again: nothing listens there now
    }
    RedisConnector redis = RedisConnector.create(
        vertx, RedisUrl.parse("redis://:s3cret@127.0.0.1:" + freePort), 1, 2, 10);
    try {
      await(redis.send(Request.cmd(Command.PING)));
      throw new AssertionError("a command to a closed port succeeded");
    } catch (ExecutionException e) {
      assertThat(RedisConnector.isConnectionError(e.getCause())).isTrue();
    } finally {
      await(redis.close());
    }
  }

  @Test
  void pingFailsAtOnceWhenNothingListens(Vertx vertx) throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    RedisConnector redis = RedisConnector.create(vertx, RedisUrl.parse("redis://127.0.0.1:" + freePort), 1);
    try {
      assertThatThrownBy(() -> await(redis.ping())).isInstanceOf(ExecutionException.class);
    } finally {
      await(redis.close());
    }
  }

  @Test
  void retriesOnlyConnectionErrors() {
    assertThat(RedisConnector.isConnectionError(new ConnectException("Connection refused"))).isTrue();
    assertThat(RedisConnector.isConnectionError(new ClosedChannelException())).isTrue();
    assertThat(RedisConnector.isConnectionError(new RuntimeException("x", new ConnectException()))).isTrue();
    assertThat(RedisConnector.isConnectionError(new IllegalStateException("Connection is closed"))).isTrue();
    assertThat(RedisConnector.isConnectionError(io.vertx.redis.client.impl.types.ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(RedisConnector.isConnectionError(new RuntimeException("ERR wrong number of arguments"))).isFalse();
    assertThat(RedisConnector.isConnectionError(new RuntimeException("NOSCRIPT No matching script"))).isFalse();
  }
}
