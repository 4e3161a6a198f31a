package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.ChangeFeed;
import io.orchestrator.ports.ChangeFeedContract;
import io.orchestrator.testsupport.RedisTestSpace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ChangeFeed contract over Redis pub/sub (two feeds on one channel act as two coordinators),
 * plus the channel name and re-subscription after the subscriber connection is killed.
 */
class RedisChangeFeedTest extends ChangeFeedContract {
  private static RedisTestSpace space;

  private RedisKeys keys;
  private RedisChangeFeed feed;
  private RedisChangeFeed peer;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, RedisChangeFeedTest.class);
  }

  @AfterAll
  static void cleanUp() {
    await(space.close()); // pub/sub leaves no keys: the prefix scan deletes nothing
  }

  @BeforeEach
  void fresh(Vertx vertx) {
    keys = space.freshKeys();
    feed = new RedisChangeFeed(vertx, space.redis(), keys);
    peer = new RedisChangeFeed(vertx, space.redis(), keys);
  }

  @AfterEach
  void closeFeeds() {
    await(feed.close());
    await(peer.close());
  }

  @Override
  protected ChangeFeed feed() {
    return feed;
  }

  @Override
  protected ChangeFeed peer() {
    return peer;
  }

  @Test
  void onePublishIsOneMessageOnTheEventsChangesChannel() {
    String channel = keys.prefix() + "events:changes";
    await(feed.subscribe(change -> { }));

    long receivers = await(space.redis().send(Request.cmd(Command.PUBLISH).arg(channel)
        .arg(new JsonArray().add(change("w1", "job_state", 1)).encode()))).toLong();

    assertThat(receivers).isEqualTo(1L); // our one subscriber connection, however many local handlers
  }

  @Test
  void resubscribesAfterItsConnectionIsKilled() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(feed.subscribe(received::add));
    await(feed.subscribe(change -> { })); // a second local handler: still one connection
    long killedId = subscriberId(feed.connectionName());

    await(space.redis().send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(killedId)));
    // Pub/sub keeps nothing for a subscriber that is away: publish until one arrives.
    AtomicInteger sent = new AtomicInteger();
    eventually(() -> {
      await(peer.publish(new JsonArray().add(change("w1", "after_kill", sent.incrementAndGet()))));
      return !received.isEmpty();
    });

    assertThat(received.get(0).getString("kind")).isEqualTo("after_kill");
    long newId = subscriberId(feed.connectionName());
    assertThat(newId).isNotEqualTo(killedId);
    await(peer.publish(new JsonArray().add(change("w1", "once", 0))));
    await(peer.publish(new JsonArray().add(change("w1", "marker", 0))));
    eventually(() -> received.stream().anyMatch(c -> c.getString("kind").equals("marker")));
    assertThat(received).filteredOn(c -> c.getString("kind").equals("once")).hasSize(1);
  }

  @Test
  void subscribingWithoutRedisFailsButPublishersAreNotBlocked(Vertx vertx) {
    RedisConnector nowhere = RedisConnector.create(vertx, io.orchestrator.config.RedisUrl.parse("redis://127.0.0.1:1"),
        1, 0, 1);
    RedisChangeFeed blind = new RedisChangeFeed(vertx, nowhere, keys);
    try {
      assertThat(blind.subscribe(change -> { }).toCompletionStage().toCompletableFuture())
          .failsWithin(java.time.Duration.ofSeconds(10));
      assertThat(blind.publish(new JsonArray().add(change("w1", "job_state", 1))).toCompletionStage()
          .toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10));
    } finally {
      await(blind.close());
      await(nowhere.close());
    }
  }

  /** The id of the one connection named {@code name} in CLIENT LIST. */
  private static long subscriberId(String name) {
    String list = await(space.redis().send(Request.cmd(Command.CLIENT).arg("LIST"))).toString();
    List<String> ids = list.lines().filter(line -> line.contains(" name=" + name + " "))
        .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))))
        .toList();
    assertThat(ids).as("connections named %s", name).hasSize(1);
    return Long.parseLong(ids.get(0));
  }
}
