package io.orchestrator.testsupport;

import io.orchestrator.config.RedisUrl;
import io.orchestrator.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Redis that integration tests use, resolved once per JVM: {@code TEST_REDIS_URL} when set,
 * else 127.0.0.1:6379 when it answers PING, else every Redis test fails with one clear message.
 * Each test class isolates itself with its own key prefix and deletes only keys under it.
 */
public final class TestRedis {
  private static final String LOCAL = "redis://127.0.0.1:6379/0";
  private static RedisUrl url;
  private static String failure;

  private TestRedis() {}

  /** The Redis to test against; throws (failing the test) with what was tried when there is none. */
  public static synchronized RedisUrl url() {
    if (url == null && failure == null) {
      resolve();
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return url;
  }

  private static void resolve() {
    String fromEnv = System.getenv("TEST_REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      url = RedisUrl.parse(fromEnv); // trusted as given: a wrong one fails loudly in the tests
      return;
    }
    String answer = ping("127.0.0.1", 6379);
    if (answer.startsWith("+PONG")) {
      url = RedisUrl.parse(LOCAL);
    } else {
      failure = "No Redis for integration tests. Tried: TEST_REDIS_URL (unset), then 127.0.0.1:6379 ("
          + answer + "). Start one (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"
          + " --appendonly no) or set TEST_REDIS_URL=redis://[:password@]host:port/db.";
    }
  }

  /** The first reply line to an inline PING, or why there was none. Runs on the test thread. */
  private static String ping(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int read = in.read(buffer);
      return read <= 0 ? "no reply" : new String(buffer, 0, read, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A connector to the test Redis with a small pool. */
  public static RedisConnector connect(Vertx vertx) {
    return RedisConnector.create(vertx, url(), 4);
  }

  /** A key prefix that no other test class (or run) shares: "test:{Class}:{random}:". */
  public static String uniquePrefix(Class<?> testClass) {
    return "test:" + testClass.getSimpleName() + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Deletes the keys under {@code prefix} (SCAN MATCH + DEL) and nothing else; never FLUSHDB. */
  public static Future<Void> deleteKeys(RedisConnector redis, String prefix) {
    if (!prefix.startsWith("test:") || prefix.length() < 8) {
      return Future.failedFuture(new IllegalArgumentException("refusing to delete keys under '" + prefix + "'"));
    }
    return scanAndDelete(redis, prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*", "0");
  }

  private static Future<Void> scanAndDelete(RedisConnector redis, String pattern, String cursor) {
    Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000);
    return redis.send(scan).compose(reply -> {
      String next = reply.get(0).toString();
      List<String> keys = new ArrayList<>();
      for (Response key : reply.get(1)) {
        keys.add(key.toString());
      }
      Future<Void> deleted = keys.isEmpty() ? Future.succeededFuture()
          : redis.send(del(keys)).mapEmpty();
      return deleted.compose(v -> next.equals("0") ? Future.succeededFuture() : scanAndDelete(redis, pattern, next));
    });
  }

  private static Request del(List<String> keys) {
    Request request = Request.cmd(Command.DEL);
    keys.forEach(request::arg);
    return request;
  }
}
