package io.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a process's memory and CPU from /proc (Linux only; elsewhere every value is -1), and samples
 * VmRSS every 100 ms so short peaks between reads are not missed.
 */
final class ProcStats implements AutoCloseable {
  /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on (USER_HZ). */
  static final long TICKS_PER_SECOND = 100;

  private final Map<Long, Long> peakRssKb = new ConcurrentHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  ProcStats(List<Long> pids) {
    pids.forEach(pid -> peakRssKb.put(pid, 0L));
    sampler = new Thread(() -> {
      while (running) {
        for (Long pid : peakRssKb.keySet()) {
          long rss = statusKb(pid, "VmRSS:");
          peakRssKb.merge(pid, rss, Math::max);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** The larger of the sampled VmRSS maximum and the kernel's high-water mark VmHWM, in MB. */
  double peakRssMb(long pid) {
    long hwm = statusKb(pid, "VmHWM:");
    return Math.max(hwm, peakRssKb.getOrDefault(pid, -1L)) / 1024.0;
  }

  static double rssMb(long pid) {
    return statusKb(pid, "VmRSS:") / 1024.0;
  }

  /** utime + stime of the process in microseconds, or -1 when unreadable. */
  static long cpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
      return ticks * 1_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU (utime + stime, microseconds) of every process whose command line contains {@code marker},
   * by pid: PostgreSQL names a backend "postgres: ... <user> <database> <client> ..." in its command
   * line, so the backends of one database are found by its name. Empty when /proc is unreadable.
   */
  static Map<Long, Long> cpuMicrosByCommandLine(String marker) {
    Map<Long, Long> cpu = new HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      dirs.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
          .forEach(name -> {
            long pid = Long.parseLong(name);
            try {
              String cmdline = new String(Files.readAllBytes(Path.of("/proc", name, "cmdline"))).replace('\0', ' ');
              if (cmdline.contains(marker)) {
                long micros = cpuMicros(pid);
                if (micros >= 0) {
                  cpu.put(pid, micros);
                }
              }
            } catch (IOException | RuntimeException gone) {
              // the process ended between the listing and the read: it is not one we can measure
            }
          });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return cpu;
  }

  /**
   * The CPU the processes matching {@code marker} used since {@code before} (a result of
   * {@link #cpuMicrosByCommandLine}): processes started since count whole; processes that ended
   * since are not counted (a connection pool keeps its backends for the whole run).
   */
  static long cpuMicrosSince(String marker, Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : cpuMicrosByCommandLine(marker).entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
