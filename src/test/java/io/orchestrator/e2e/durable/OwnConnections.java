package io.orchestrator.e2e.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the Redis connections that belong to this JVM, so that a test kills the coordinator's
 * connections and never those of other test runs sharing the server. The Vert.x Redis client
 * cannot name its connections (no CLIENT SETNAME option), so ownership is read from Linux:
 * this process's socket inodes (/proc/self/fd) matched to TCP connections (/proc/self/net/tcp*)
 * whose remote port is Redis's; their local ports are the {@code addr} ports in CLIENT LIST.
 */
final class OwnConnections {
  private OwnConnections() {}

  /** Local ports of this process's TCP connections to {@code remotePort}. */
  static Set<Integer> localPortsTo(int remotePort) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // the descriptor closed while we listed them: not a connection we can kill anyway
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd (Linux only)", e);
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(path);
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
          int remote = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16);
          if (remote == remotePort && inodes.contains(f[9])) {
            ports.add(local);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + table, e);
      }
    }
    return ports;
  }

  /**
   * CLIENT KILL ID for every Redis client of this process except {@code redis}'s own connection;
   * answers how many were killed.
   */
  static int killRedisClients(RawRedis redis, int redisPort) {
    long self = redis.number("CLIENT", "ID");
    Set<Integer> ours = localPortsTo(redisPort);
    int killed = 0;
    for (String line : ((String) redis.call("CLIENT", "LIST")).split("\n")) {
      Map<String, String> fields = fields(line);
      String addr = fields.get("addr");
      if (addr == null || Long.parseLong(fields.get("id")) == self) {
        continue;
      }
      int port = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
      if (ours.contains(port)) {
        killed += (int) redis.number("CLIENT", "KILL", "ID", fields.get("id"));
      }
    }
    return killed;
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : line.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }
}
