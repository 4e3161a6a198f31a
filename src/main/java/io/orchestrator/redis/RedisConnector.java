package io.orchestrator.redis;

import io.orchestrator.config.RedisUrl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pooled Redis client of a process. The pool opens connections on demand, but a command
 * that meets a dropped or refused connection fails; so every command here is retried with backoff
 * a bounded number of times when (and only when) the failure is a connection error.
 *
 * <p>A retried command may have run once already when the connection dropped after sending it.
 * Our writes are idempotent (ZADD NX, SET, DEL) or, for a claim, lose at worst the claimed ids,
 * which the sweeper re-enqueues from PostgreSQL (the truth).
 */
public final class RedisConnector {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);
  private static final long PING_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final RedisOptions options;
  private final Redis client;
  private final RedisAPI api;
  private final String shownUrl;
  private final int maxRetries;
  private final long firstBackoffMs;

  private RedisConnector(Vertx vertx, RedisOptions options, String shownUrl, int maxRetries, long firstBackoffMs) {
    this.vertx = vertx;
    this.options = options;
    this.client = Redis.createClient(vertx, options);
    this.api = RedisAPI.api(client);
    this.shownUrl = shownUrl;
    this.maxRetries = maxRetries;
    this.firstBackoffMs = firstBackoffMs;
  }

  /** A connector with a pool of {@code maxPoolSize} connections and the default retry policy. */
  public static RedisConnector create(Vertx vertx, RedisUrl url, int maxPoolSize) {
    return create(vertx, url, maxPoolSize, 5, 50);
  }

  /** {@code maxRetries} retries after the first try, waiting firstBackoffMs, then doubling (max 2 s). */
  public static RedisConnector create(
      Vertx vertx, RedisUrl url, int maxPoolSize, int maxRetries, long firstBackoffMs) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(url.endpoint())
        .setMaxPoolSize(maxPoolSize)
        .setMaxPoolWaiting(10_000)
        .setMaxWaitingHandlers(100_000);
    if (url.tls()) {
      options.getNetClientOptions().setSsl(true);
    }
    if (url.user() != null) {
      options.setUser(url.user());
    }
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    return new RedisConnector(vertx, options, url.toString(), maxRetries, firstBackoffMs);
  }

  /**
   * A new client of one connection to the same server, owned (and closed) by the caller: for a
   * connection that leaves the pool's use for good, such as a pub/sub subscriber.
   */
  public Redis dedicatedClient() {
    return Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1));
  }

  /** The URL without its password, for log lines. */
  public String shownUrl() {
    return shownUrl;
  }

  /** The raw API (no retries): for callers that need a command not wrapped here. */
  public RedisAPI api() {
    return api;
  }

  /** Sends one command, retrying connection failures. */
  public Future<Response> send(Request request) {
    return withRetry(() -> client.send(request), request.command().toString());
  }

  /** Sends commands pipelined on one connection (not a transaction), retrying connection failures. */
  public Future<List<Response>> batch(List<Request> requests) {
    return withRetry(() -> client.batch(requests), "batch of " + requests.size());
  }

  /**
   * Health check: one PING, no retries, failing after {@code PING_TIMEOUT_MS}; a health probe
   * wants the state of now, not a hopeful answer some seconds later.
   */
  public Future<Void> ping() {
    return client.send(Request.cmd(Command.PING)).timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }

  private <T> Future<T> withRetry(Supplier<Future<T>> attempt, String what) {
    Promise<T> result = Promise.promise();
    tryOnce(attempt, what, 0, result);
    return result.future();
  }

  private <T> void tryOnce(Supplier<Future<T>> attempt, String what, int retry, Promise<T> result) {
    Future<T> future;
    try {
      future = attempt.get();
    } catch (RuntimeException e) {
      result.fail(e);
      return;
    }
    future.onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else if (retry < maxRetries && isConnectionError(ar.cause())) {
        long delay = Math.min(firstBackoffMs << retry, 2_000);
        LOG.warn("Redis {} failed on {} ({}); retry {}/{} in {} ms",
            what, shownUrl, ar.cause().toString(), retry + 1, maxRetries, delay);
        vertx.setTimer(delay, id -> tryOnce(attempt, what, retry + 1, result));
      } else {
        result.fail(ar.cause());
      }
    });
  }

  /** Refused, reset or closed connections; never a Redis error reply (those are answers). */
  static boolean isConnectionError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof IOException) {
        return true;
      }
      String message = t.getMessage();
      // CONNECTION_CLOSED: how the Vert.x client fails the commands pending on a connection that dropped.
      if (message != null && (message.equals("CONNECTION_CLOSED") || message.contains("Connection is closed")
          || message.contains("Connection closed") || message.contains("Connection reset"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
