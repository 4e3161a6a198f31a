package io.orchestrator.chaos;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Injects one fault and waits (at most {@link #WINDOW_MS}) for the cluster to recover from it,
 * measuring how long that took. Runs on the driver thread with its own JDBC connection.
 */
final class FaultInjector {
  static final long WINDOW_MS = 30_000;
  /** Longer than the lease (= heartbeat TTL) so that another coordinator takes the monitor duties over. */
  static final long PAUSE_MS = Cluster.HEARTBEAT_TTL_MS * 5 / 2;
  private static final long RESTART_DELAY_MS = 1000;

  /** Open attempts (job, attempt) or queued jobs (job, attempt) the fault left behind. */
  private record Orphans(List<UUID> jobs, List<Integer> attempts) {}

  private final Cluster cluster;
  private final ScratchStores stores;
  private final Probe probe;
  private final long runStartNanos;
  private final Random random;
  private final BooleanSupplier loadDone;
  private Connection connection;
  private int coordinatorTurn;

  FaultInjector(Cluster cluster, ScratchStores stores, Probe probe, long runStartNanos, Random random,
      BooleanSupplier loadDone) {
    this.cluster = cluster;
    this.stores = stores;
    this.probe = probe;
    this.runStartNanos = runStartNanos;
    this.random = random;
    this.loadDone = loadDone;
  }

  FaultRecord inject(int number, FaultKind kind) throws IOException, SQLException, InterruptedException {
    return switch (kind) {
      case WORKER_KILL -> workerKill(number);
      case COORDINATOR_KILL -> coordinatorKill(number);
      case COORDINATOR_STOP -> coordinatorStop(number);
      case REDIS_FLUSH -> redisFlush(number);
      case PG_TERMINATE -> pgTerminate(number);
    };
  }

  private FaultRecord workerKill(int number) throws SQLException, InterruptedException, IOException {
    Node worker = cluster.workers().get(random.nextInt(Cluster.WORKERS));
    Orphans orphans = openAttempts("a.worker_id IN (SELECT id FROM workers WHERE name = ?)", worker.name);
    long t0 = System.nanoTime();
    worker.kill();
    FaultRecord record = record(number, FaultKind.WORKER_KILL, worker.name, t0);
    record.detail = "kill -9, restarted after " + RESTART_DELAY_MS + " ms";
    Thread.sleep(RESTART_DELAY_MS);
    worker.start();
    return measure(record, t0, orphans, false);
  }

  private FaultRecord coordinatorKill(int number) throws SQLException, InterruptedException, IOException {
    Node coordinator = cluster.coordinators().get(coordinatorTurn++ % Cluster.COORDINATORS);
    Orphans orphans = openAttempts("a.coordinator_id = ?", coordinator.name);
    long t0 = System.nanoTime();
    coordinator.kill();
    FaultRecord record = record(number, FaultKind.COORDINATOR_KILL, coordinator.name, t0);
    record.detail = "kill -9, restarted after " + RESTART_DELAY_MS + " ms";
    Thread.sleep(RESTART_DELAY_MS);
    long restart = System.nanoTime();
    coordinator.start();
    cluster.awaitReady(coordinator, restart + 60_000_000_000L);
    record.restartReadyMs = (System.nanoTime() - restart) / 1_000_000;
    return measure(record, t0, orphans, false);
  }

  /** Pauses the holder of the monitor lease when there is one, so that the takeover is exercised. */
  private FaultRecord coordinatorStop(int number) throws SQLException, InterruptedException, IOException {
    String holder = stores.redis().get("lock:monitor");
    Node coordinator = holder == null ? null : cluster.coordinator(holder);
    boolean leaseHolder = coordinator != null;
    if (coordinator == null) {
      coordinator = cluster.coordinators().get(coordinatorTurn++ % Cluster.COORDINATORS);
    }
    Orphans orphans = openAttempts("a.coordinator_id = ?", coordinator.name);
    long t0 = System.nanoTime();
    coordinator.pause();
    FaultRecord record = record(number, FaultKind.COORDINATOR_STOP, coordinator.name, t0);
    try {
      Thread.sleep(PAUSE_MS);
    } finally {
      coordinator.resume();
    }
    record.detail = "SIGSTOP " + PAUSE_MS + " ms then SIGCONT" + (leaseHolder ? " (monitor lease holder)" : "");
    return measure(record, t0, orphans, false);
  }

  private FaultRecord redisFlush(int number) throws SQLException, InterruptedException, IOException {
    Orphans queued = select("SELECT id, attempt FROM jobs WHERE state = 'QUEUED'", null);
    long t0 = System.nanoTime();
    stores.redis().flushDb();
    FaultRecord record = record(number, FaultKind.REDIS_FLUSH, "redis/" + stores.redis().db(), t0);
    record.detail = "FLUSHDB";
    return measure(record, t0, queued, true);
  }

  private FaultRecord pgTerminate(int number) throws SQLException, InterruptedException {
    long t0 = System.nanoTime();
    int terminated = stores.terminateBackends();
    FaultRecord record = record(number, FaultKind.PG_TERMINATE, "postgres", t0);
    record.detail = "pg_terminate_backend of " + terminated + " backends";
    return measure(record, t0, new Orphans(List.of(), List.of()), false);
  }

  private FaultRecord record(int number, FaultKind kind, String target, long t0) {
    return new FaultRecord(number, kind, target, (t0 - runStartNanos) / 1e9);
  }

  /** Polls until the orphans are settled and throughput is back (or the window ends / the load is done). */
  private FaultRecord measure(FaultRecord record, long t0, Orphans orphans, boolean queuedJobs)
      throws SQLException, InterruptedException {
    record.orphans = orphans.jobs().size();
    record.baselinePerSecond = probe.rate(t0 - 5_000_000_000L, t0);
    boolean measureThroughput = record.baselinePerSecond >= 1;
    long end = System.nanoTime() + WINDOW_MS * 1_000_000;
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      if (record.orphansSettledMs < 0) {
        if (orphans.jobs().isEmpty() || settled(orphans, queuedJobs, record)) {
          record.orphansSettledMs = orphans.jobs().isEmpty() ? 0 : (now - t0) / 1_000_000;
        }
      }
      long first = probe.firstCompletionAfter(t0);
      if (first > 0) {
        record.firstCompletionMs = (first - t0) / 1_000_000;
      }
      if (measureThroughput && record.throughputMs < 0 && now - t0 >= 1_000_000_000L
          && probe.rate(now - 1_000_000_000L, now) >= record.baselinePerSecond / 2) {
        record.throughputMs = (now - t0) / 1_000_000;
      }
      boolean throughputDone = !measureThroughput || record.throughputMs >= 0;
      if (record.orphansSettledMs >= 0 && record.firstCompletionMs >= 0 && throughputDone
          || loadDone.getAsBoolean() && record.orphansSettledMs >= 0) {
        break;
      }
      Thread.sleep(200);
    }
    return record;
  }

  private boolean settled(Orphans orphans, boolean queuedJobs, FaultRecord record) throws SQLException {
    Connection c = connection();
    if (queuedJobs) {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM jobs j JOIN unnest(?::uuid[], ?::int[]) "
          + "AS o(id, attempt) ON j.id = o.id WHERE j.state = 'QUEUED' AND j.attempt = o.attempt")) {
        bind(c, s, orphans);
        try (ResultSet rows = s.executeQuery()) {
          rows.next();
          return rows.getLong(1) == 0;
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT a.outcome, count(*) FROM job_assignments a "
        + "JOIN unnest(?::uuid[], ?::int[]) AS o(job_id, attempt) ON a.job_id = o.job_id AND a.attempt = o.attempt "
        + "GROUP BY a.outcome")) {
      bind(c, s, orphans);
      Map<String, Long> outcomes = new TreeMap<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          outcomes.put(rows.getString(1) == null ? "open" : rows.getString(1), rows.getLong(2));
        }
      }
      record.orphanOutcomes = outcomes.toString().replaceAll("[{}]", "").replace(", ", " ");
      return !outcomes.containsKey("open");
    }
  }

  private static void bind(Connection c, PreparedStatement s, Orphans orphans) throws SQLException {
    Array jobs = c.createArrayOf("uuid", orphans.jobs().toArray());
    Array attempts = c.createArrayOf("int4", orphans.attempts().toArray());
    s.setArray(1, jobs);
    s.setArray(2, attempts);
  }

  private Orphans openAttempts(String condition, String parameter) throws SQLException {
    return select("SELECT a.job_id, a.attempt FROM job_assignments a WHERE a.outcome IS NULL AND " + condition, parameter);
  }

  private Orphans select(String sql, String parameter) throws SQLException {
    List<UUID> jobs = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    try (PreparedStatement s = connection().prepareStatement(sql)) {
      if (parameter != null) {
        s.setString(1, parameter);
      }
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          jobs.add(rows.getObject(1, UUID.class));
          attempts.add(rows.getInt(2));
        }
      }
    }
    return new Orphans(jobs, attempts);
  }

  private Connection connection() throws SQLException {
    if (connection == null || !connection.isValid(2)) {
      close();
      connection = stores.connect();
    }
    return connection;
  }

  void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
      connection = null;
    }
  }
}
