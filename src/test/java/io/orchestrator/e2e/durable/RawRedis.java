package io.orchestrator.e2e.durable;

import io.orchestrator.config.RedisUrl;
import io.orchestrator.testsupport.TestRedis;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP2 client on one socket, for the test thread: the checks read Redis as an
 * operator would, on a connection of their own, so that killing the coordinator's connections
 * never kills the checker's. Replies: String, Long, List, or null; an error reply throws.
 */
final class RawRedis implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawRedis(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawRedis open() {
    RedisUrl url = TestRedis.url();
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(url.host(), url.port()), 2_000);
      socket.setSoTimeout(5_000);
      RawRedis redis = new RawRedis(socket);
      if (url.password() != null) {
        redis.call(url.user() == null ? List.of("AUTH", url.password()) : List.of("AUTH", url.user(), url.password()));
      }
      redis.call("SELECT", Integer.toString(url.db()));
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach Redis for the checks", e);
    }
  }

  Object call(String... args) {
    return call(List.of(args));
  }

  Object call(List<String> args) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        frame.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        frame.write(bytes);
        frame.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(frame.toByteArray());
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis " + args.get(0) + " failed", e);
    }
  }

  long number(String... args) {
    return (Long) call(args);
  }

  /** Deletes every key under {@code prefix} (SCAN + DEL): what the coordinator sees as a flush. */
  long deleteKeys(String prefix) {
    if (!prefix.startsWith("test:") || prefix.length() < 8) {
      throw new IllegalArgumentException("refusing to delete keys under '" + prefix + "'");
    }
    String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    long deleted = 0;
    String cursor = "0";
    do {
      List<?> reply = (List<?>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = (String) reply.get(0);
      List<String> del = new ArrayList<>(List.of("DEL"));
      ((List<?>) reply.get(1)).forEach(k -> del.add((String) k));
      if (del.size() > 1) {
        deleted += (Long) call(del);
      }
    } while (!cursor.equals("0"));
    return deleted;
  }

  private Object read() throws IOException {
    int kind = in.read();
    String line = readLine();
    switch (kind) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*': {
        int size = Integer.parseInt(line);
        if (size < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type '" + (char) kind + "'");
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      line.append((char) c);
    }
    in.read(); // '\n'
    return line.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
