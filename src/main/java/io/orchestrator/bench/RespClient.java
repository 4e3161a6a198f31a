package io.orchestrator.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The few blocking Redis commands the bench needs (SELECT, DBSIZE, FLUSHDB), spoken in plain RESP2. */
final class RespClient implements AutoCloseable {
  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  RespClient(String host, int port) throws IOException {
    socket.connect(new InetSocketAddress(host, port), 3_000);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends one command and returns its reply: a String, a Long, or null; a Redis error is an IOException. */
  Object call(String... args) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      frame.writeBytes(bytes);
      frame.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(frame.toByteArray());
    out.flush();
    return reply();
  }

  private Object reply() throws IOException {
    int type = in.read();
    String line = line();
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new IOException("Redis: " + line);
      case ':' -> Long.parseLong(line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          yield null;
        }
        byte[] data = in.readNBytes(length + 2);
        yield new String(data, 0, length, StandardCharsets.UTF_8);
      }
      default -> throw new IOException("unexpected Redis reply type '" + (char) type + "'");
    };
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
