package io.orchestrator.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code chaos}: a cluster of processes under a mixed load and injected faults, then the checks.
 * Exit 0 when no violation was found, 1 on any violation, 2 on bad usage or a failed set-up.
 */
public final class ChaosMain {
  private static final PrintStream OUT = System.out;

  private ChaosMain() {}

  public static int run(String[] args) {
    ChaosOptions options;
    try {
      options = ChaosOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n\n" + ChaosOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      OUT.println(ChaosOptions.USAGE);
      return 0;
    }
    if (options.checkDatabase() != null) {
      return checkOnly(options);
    }
    if (!Files.isRegularFile(Path.of(options.jar()))) {
      System.err.println("error: no jar at " + options.jar() + " (build it: mvn -B -o -q -DskipTests package)");
      return 2;
    }
    String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try {
      return new ChaosRun(options, runId, OUT).call();
    } catch (SetupException e) {
      System.err.println("error: chaos set-up failed: " + e.getMessage());
      return 2;
    }
  }

  /** The set-up (stores, processes) failed: no verdict on the orchestrator is possible. */
  static final class SetupException extends Exception {
    SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The checks alone, on an existing database (a kept run, or one to re-examine). */
  private static int checkOnly(ChaosOptions options) {
    io.orchestrator.config.DatabaseUrl url = io.orchestrator.config.DatabaseUrl.parse(options.databaseUrl())
        .withDatabase(options.checkDatabase());
    try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      Snapshot snapshot = SnapshotLoader.load(c);
      Violations found = Checker.check(snapshot);
      found.examples().forEach((kind, examples) -> examples.forEach(e -> OUT.println("  " + kind + ": " + e)));
      TrailDump.print(OUT, snapshot, found.jobs(), 3);
      OUT.printf("CHAOS CHECK %s: workflows=%d jobs=%d attempts=%d violations=%d (%s)%n", options.checkDatabase(),
          snapshot.workflows().size(), snapshot.jobs().size(), snapshot.assignments().size(), found.total(),
          found.summary());
      return found.isEmpty() ? 0 : 1;
    } catch (SQLException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }

  static String javaCommand() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  static Path logDir(String runId) throws IOException {
    return Files.createDirectories(Path.of("target", "chaos", runId));
  }

  /** Counts of faults by kind, "kind=n kind=n". */
  static String faultCounts(List<FaultRecord> faults) {
    Map<String, Integer> counts = new TreeMap<>();
    faults.forEach(f -> counts.merge(f.kind.label, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((k, n) -> parts.add(k + "=" + n));
    return String.join(" ", parts);
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  static Random random(long seed) {
    return new Random(seed ^ 0x5DEECE66DL);
  }

  static Snapshot snapshot(ScratchStores stores) throws SQLException {
    try (Connection c = stores.connect()) {
      return SnapshotLoader.load(c);
    }
  }
}
