package io.orchestrator.redis;

import io.orchestrator.ports.ChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed over Redis pub/sub: a publish is one PUBLISH of the JSON array on
 * {@code events:changes}; this process receives every message (its own included) on ONE dedicated
 * subscriber connection and hands each change to each local subscriber. The Redis client does not
 * reconnect by itself, so a dropped subscriber connection is re-opened with backoff (100 ms doubling
 * to 5 s); messages published while it is down are missed (pub/sub keeps nothing).
 */
public final class RedisChangeFeed implements ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeed.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long LISTENERS_CHECK_MS = 1_000;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final String channel;
  /** CLIENT SETNAME of the subscriber connection: lets operators (and tests) find it in CLIENT LIST. */
  private final String connectionName;
  private final List<Handler<JsonObject>> subscribers = new CopyOnWriteArrayList<>();

  private Promise<Void> firstSubscription;
  private Redis subscriberClient;
  private RedisConnection subscriber;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long reconnectTimer = -1;
  private boolean closed;

  public RedisChangeFeed(Vertx vertx, RedisConnector redis, RedisKeys keys) {
    this(vertx, redis, keys.changesChannel());
  }

  /** A feed on another channel (the coordinators' signals use {@link RedisKeys#signalsChannel()}). */
  public RedisChangeFeed(Vertx vertx, RedisConnector redis, String channel) {
    this.vertx = vertx;
    this.redis = redis;
    this.channel = channel;
    this.connectionName = "orchestrator-feed-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String connectionName() {
    return connectionName;
  }

  /**
   * Whether anybody subscribes to the channel (PUBSUB NUMSUB, refreshed at most once a second).
   * Nobody listening (no coordinator has an open event stream): publishing is skipped — pub/sub
   * would drop the message anyway. Starts true, so nothing is skipped before the first answer.
   */
  private volatile boolean listened = true;
  private volatile long listenersCheckedAt;

  private void refreshListeners() {
    long now = System.currentTimeMillis();
    if (now - listenersCheckedAt < LISTENERS_CHECK_MS) {
      return;
    }
    listenersCheckedAt = now;
    redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel))
        .onSuccess(reply -> listened = reply.size() < 2 || reply.get(1).toLong() > 0)
        .onFailure(e -> listened = true);
  }

  @Override
  public boolean listened() {
    refreshListeners();
    return listened;
  }

  @Override
  public Future<Void> publish(JsonArray changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    refreshListeners();
    if (!listened) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(changes.encode())).mapEmpty();
  }

  /** The first call opens the subscriber connection; its future completes once SUBSCRIBE is confirmed. */
  @Override
  public synchronized Future<Void> subscribe(Handler<JsonObject> onChange) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("change feed is closed"));
    }
    subscribers.add(onChange);
    if (firstSubscription == null) {
      firstSubscription = Promise.promise();
      connect();
    }
    return firstSubscription.future();
  }

  private void connect() {
    Redis client = redis.dedicatedClient();
    client.connect()
        .compose(connection -> {
          connection.handler(this::onMessage);
          connection.exceptionHandler(e -> onDropped(connection, e));
          connection.endHandler(v -> onDropped(connection, null));
          return connection.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(connectionName))
              .compose(ok -> connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
              .map(ok -> connection);
        })
        .onComplete(ar -> {
          synchronized (this) {
            if (ar.succeeded() && !closed) {
              subscriberClient = client;
              subscriber = ar.result();
              backoffMs = FIRST_BACKOFF_MS;
              listened = true; // this process listens now: publish, whatever NUMSUB said before
              listenersCheckedAt = System.currentTimeMillis();
              firstSubscription.tryComplete();
              LOG.info("Change feed subscribed to {} on {}", channel, redis.shownUrl());
              return;
            }
          }
          client.close();
          if (ar.failed()) {
            LOG.warn("Change feed could not subscribe to {} on {}: {}", channel, redis.shownUrl(), ar.cause().toString());
            firstSubscription.tryFail(ar.cause()); // the caller hears of it; we keep trying
            scheduleReconnect();
          }
        });
  }

  private void onDropped(RedisConnection connection, Throwable cause) {
    Redis dropped;
    synchronized (this) {
      if (connection != subscriber || closed) {
        return; // an older connection, or both the exception and the end handler fired
      }
      subscriber = null;
      dropped = subscriberClient;
      subscriberClient = null;
    }
    LOG.warn("Change feed subscriber connection dropped ({}); re-subscribing",
        cause == null ? "closed by the server" : cause.toString());
    dropped.close();
    scheduleReconnect();
  }

  private synchronized void scheduleReconnect() {
    if (closed || reconnectTimer >= 0) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    reconnectTimer = vertx.setTimer(delay, id -> {
      synchronized (this) {
        reconnectTimer = -1;
        if (closed) {
          return;
        }
      }
      connect();
    });
  }

  /** Pub/sub pushes: ["message", channel, payload]; subscribe confirmations and the like are ignored. */
  private void onMessage(Response push) {
    if (push == null || push.size() < 3 || !"message".equalsIgnoreCase(push.get(0).toString())
        || !channel.equals(push.get(1).toString())) {
      return;
    }
    JsonArray changes;
    try {
      changes = new JsonArray(push.get(2).toString());
    } catch (DecodeException e) {
      LOG.error("Dropped a malformed message on {}", channel, e);
      return;
    }
    for (Object item : changes) {
      if (item instanceof JsonObject change) {
        for (Handler<JsonObject> subscriber : subscribers) {
          deliver(subscriber, change);
        }
      } else {
        LOG.error("Dropped a change that is not a JSON object on {}: {}", channel, item);
      }
    }
  }

  private static void deliver(Handler<JsonObject> subscriber, JsonObject change) {
    try {
      subscriber.handle(change.copy());
    } catch (RuntimeException e) {
      LOG.error("A change feed subscriber failed on {}", change.getString("kind"), e);
    }
  }

  @Override
  public Future<Void> close() {
    Redis client;
    synchronized (this) {
      closed = true;
      subscribers.clear();
      if (reconnectTimer >= 0) {
        vertx.cancelTimer(reconnectTimer);
        reconnectTimer = -1;
      }
      client = subscriberClient;
      subscriberClient = null;
      subscriber = null;
      if (firstSubscription != null) {
        firstSubscription.tryFail(new IllegalStateException("change feed closed"));
      }
    }
    return client == null ? Future.succeededFuture() : client.close();
  }
}
