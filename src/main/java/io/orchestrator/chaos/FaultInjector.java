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
  /** Workflows submitted at once before FLUSHDB, so that the queue holds jobs when it is flushed. */
  private static final int BURST = 20;
  private static final String QUEUED_JOBS = "SELECT id, attempt FROM jobs WHERE state = 'QUEUED'";

  /** Open attempts (job, attempt) or queued jobs (job, attempt) the fault left behind. */
  private record Orphans(List<UUID> jobs, List<Integer> attempts) {}

  private final Cluster cluster;
  private final ScratchStores stores;
  private final Probe probe;
  private final long runStartNanos;
  private final Random random;
  private final BooleanSupplier loadDone;
  private final Submitter submitter;
  private Connection connection;
  private int coordinatorTurn;

  FaultInjector(Cluster cluster, ScratchStores stores, Probe probe, long runStartNanos, Random random,
      BooleanSupplier loadDone, Submitter submitter) {
    this.submitter = submitter;
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
    Node worker = busiest(cluster.workers(), "w.name", "JOIN workers w ON w.id = a.worker_id");
    Orphans orphans = openAttempts("a.worker_id IN (SELECT id FROM workers WHERE name = ?)", worker.name);
    long t0 = System.nanoTime();
    worker.kill();
    FaultRecord record = record(number, FaultKind.WORKER_KILL, worker.name, t0);
    record.detail = "kill -9, restarted after " + RESTART_DELAY_MS + " ms";
    Thread.sleep(RESTART_DELAY_MS);
    worker.start();
    return measure(record, t0, orphans, false, 0, null);
  }

  private FaultRecord coordinatorKill(int number) throws SQLException, InterruptedException, IOException {
    Node coordinator = busiest(cluster.coordinators(), "a.coordinator_id", "");
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
    return measure(record, t0, orphans, false, 0, null);
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
    record.detail = "SIGSTOP " + PAUSE_MS + " ms then SIGCONT" + (leaseHolder ? " (monitor lease holder)" : "");
    try {
      return measure(record, t0, orphans, false, t0 + PAUSE_MS * 1_000_000, coordinator);
    } finally {
      coordinator.resume();
    }
  }

  private FaultRecord redisFlush(int number) throws SQLException, InterruptedException, IOException {
    submitter.burst(BURST);
    Orphans queued = select(QUEUED_JOBS, null);
    for (int i = 0; i < 25 && queued.jobs().size() < 5; i++) {
      Thread.sleep(200);
      queued = select(QUEUED_JOBS, null);
    }
    long t0 = System.nanoTime();
    stores.redis().flushDb();
    FaultRecord record = record(number, FaultKind.REDIS_FLUSH, "redis/" + stores.redis().db(), t0);
    record.detail = "FLUSHDB";
    return measure(record, t0, queued, true, 0, null);
  }

  private FaultRecord pgTerminate(int number) throws SQLException, InterruptedException, IOException {
    long t0 = System.nanoTime();
    int terminated = stores.terminateBackends();
    FaultRecord record = record(number, FaultKind.PG_TERMINATE, "postgres", t0);
    record.detail = "pg_terminate_backend of " + terminated + " backends";
    return measure(record, t0, new Orphans(List.of(), List.of()), false, 0, null);
  }

  /** The node with the most open attempts (ties: a random one), so that each fault hits work in flight. */
  private Node busiest(List<Node> nodes, String nameColumn, String join) throws SQLException {
    Map<String, Long> open = new TreeMap<>();
    try (PreparedStatement s = connection().prepareStatement("SELECT " + nameColumn + ", count(*) FROM job_assignments a "
        + join + " WHERE a.outcome IS NULL GROUP BY 1");
         ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        open.put(rows.getString(1), rows.getLong(2));
      }
    }
    List<Node> shuffled = new ArrayList<>(nodes);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled.stream().max(java.util.Comparator.comparingLong(n -> open.getOrDefault(n.name, 0L))).orElseThrow();
  }

  private FaultRecord record(int number, FaultKind kind, String target, long t0) {
    return new FaultRecord(number, kind, target, (t0 - runStartNanos) / 1e9);
  }

  /**
   * Polls until the orphans are settled and throughput is back (or the window ends / the load is done).
   * A paused node is resumed at {@code resumeAt}, from inside this loop, so that what happens during
   * the pause is measured too.
   */
  private FaultRecord measure(FaultRecord record, long t0, Orphans orphans, boolean queuedJobs, long resumeAt,
      Node paused) throws SQLException, InterruptedException, IOException {
    record.orphans = orphans.jobs().size();
    record.baselinePerSecond = probe.rate(t0 - 5_000_000_000L, t0);
    boolean measureThroughput = record.baselinePerSecond >= 1;
    long end = System.nanoTime() + WINDOW_MS * 1_000_000;
    boolean resumed = paused == null;
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      if (!resumed && now >= resumeAt) {
        paused.resume();
        resumed = true;
        end = Math.max(end, now + WINDOW_MS * 1_000_000 / 2);
      }
      if (paused != null && record.leaseTakeoverMs < 0 && record.detail.contains("lease holder")) {
        String holder = stores.redis().get("lock:monitor");
        if (holder != null && !holder.equals(paused.name)) {
          record.leaseTakeoverMs = (now - t0) / 1_000_000;
          record.detail += ", lease taken over by " + holder + " after " + FaultRecord.ms(record.leaseTakeoverMs);
        }
      }
      if (record.orphansSettledMs < 0 && (orphans.jobs().isEmpty() || settled(orphans, queuedJobs, record))) {
        record.orphansSettledMs = orphans.jobs().isEmpty() ? 0 : (now - t0) / 1_000_000;
      }
      long first = probe.firstCompletionAfter(t0);
      if (first > 0) {
        record.firstCompletionMs = (first - t0) / 1_000_000;
      }
      if (measureThroughput && record.throughputMs < 0) {
        long back = probe.rateReached(t0 + 1_000_000_000L, 1_000_000_000L, record.baselinePerSecond / 2);
        record.throughputMs = back < 0 ? -1 : (back - t0) / 1_000_000;
      }
      boolean throughputDone = !measureThroughput || record.throughputMs >= 0;
      if (resumed && (record.orphansSettledMs >= 0 && record.firstCompletionMs >= 0 && throughputDone
          || loadDone.getAsBoolean() && record.orphansSettledMs >= 0)) {
        break;
      }
      Thread.sleep(100);
    }
    if (!resumed) {
      paused.resume();
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
