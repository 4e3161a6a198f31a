package io.orchestrator.chaos;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking Redis client for the chaos driver (its own thread, never an event loop): one
 * connection per command, SELECTs the db first. Enough for DBSIZE, FLUSHDB, GET and SET.
 */
final class RedisDb {
  private final String host;
  private final int port;
  private final int db;

  RedisDb(String host, int port, int db) {
    this.host = host;
    this.port = port;
    this.db = db;
  }

  int db() {
    return db;
  }

  String url() {
    return "redis://" + host + ":" + port + "/" + db;
  }

  long dbSize() throws IOException {
    return Long.parseLong(command("DBSIZE"));
  }

  void flushDb() throws IOException {
    command("FLUSHDB");
  }

  String get(String key) throws IOException {
    return command("GET", key);
  }

  /** SET key value NX: true when this call created the key. */
  boolean setIfAbsent(String key, String value) throws IOException {
    return "OK".equals(command("SET", key, value, "NX"));
  }

  /** Runs SELECT db, then the command; returns its reply as text (null for a nil bulk reply). */
  String command(String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      write(out, "SELECT", Integer.toString(db));
      write(out, args);
      out.flush();
      read(in);
      return read(in);
    }
  }

  private static void write(OutputStream out, String... args) throws IOException {
    StringBuilder frame = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      frame.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String read(InputStream in) throws IOException {
    String line = line(in);
    char type = line.charAt(0);
    String rest = line.substring(1);
    return switch (type) {
      case '+', ':' -> rest;
      case '-' -> throw new IOException("Redis error: " + rest);
      case '$' -> {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          yield null;
        }
        byte[] bytes = in.readNBytes(n + 2);
        yield new String(bytes, 0, n, StandardCharsets.UTF_8);
      }
      default -> throw new IOException("unexpected Redis reply: " + line);
    };
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return bytes.toString(StandardCharsets.UTF_8);
      }
      bytes.write(c);
    }
    throw new IOException("Redis closed the connection");
  }
}
