package io.orchestrator.chaos;

import io.orchestrator.chaos.ChaosMain.SetupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One chaos run: scratch stores, the cluster, the load and the fault schedule, then (with every
 * process stopped) the snapshot, the checks, the recovery report and the one summary line.
 */
final class ChaosRun {
  /** Seconds planned per fault (inject, recover, pause); the load is spread over the fault phase. */
  private static final int SECONDS_PER_FAULT = 9;
  private static final long WARMUP_MS = 8000;
  private static final long GAP_MS = 1500;
  /** Kept free at the end of the budget for stopping the processes, the checks and dropping the database. */
  private static final long TEARDOWN_RESERVE_NANOS = 25_000_000_000L;

  private final ChaosOptions options;
  private final String runId;
  private final PrintStream out;
  private final List<FaultRecord> faults = new ArrayList<>();
  private final Violations harness = new Violations();

  ChaosRun(ChaosOptions options, String runId, PrintStream out) {
    this.options = options;
    this.runId = runId;
    this.out = out;
  }

  int call() throws SetupException {
    long start = System.nanoTime();
    long deadline = start + options.timeoutSeconds() * 1_000_000_000L;
    List<FaultKind> plan = FaultKind.plan(options.shortForm());
    Random random = ChaosMain.random(options.seed());
    Path logs;
    ScratchStores stores;
    try {
      logs = ChaosMain.logDir(runId);
      stores = ScratchStores.create(options, runId);
    } catch (IOException | SQLException | RuntimeException e) {
      throw new SetupException("stores: " + e.getMessage(), e);
    }
    try (stores) {
      out.printf("chaos: run %s seed %d: %d workflows, %d faults, database %s, redis db %d, logs in %s%n", runId,
          options.seed(), options.workflows(), plan.size(), stores.databaseName(), stores.redis().db(), logs);
      Probe probe = new Probe(stores);
      Thread probeThread = new Thread(probe, "chaos-probe");
      int submitted;
      Cluster cluster = new Cluster(ChaosMain.javaCommand(), options.jar(), stores.databaseUrlForChildren(),
          stores.redis().url(), logs);
      stores.beforeCleanUp(cluster::destroyAll);
      try (cluster) {
        try {
          cluster.start(Math.min(deadline, System.nanoTime() + 90_000_000_000L));
          awaitWorkers(stores, Math.min(deadline, System.nanoTime() + 60_000_000_000L));
        } catch (IOException | SQLException e) {
          throw new SetupException("cluster: " + e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SetupException("interrupted", e);
        }
        out.printf("chaos: cluster up in %s (3 coordinators, 6 workers)%n", ChaosMain.seconds(System.nanoTime() - start));
        probeThread.start();
        submitted = drive(cluster, stores, probe, plan, random, start, deadline);
        String dead = cluster.deadUnexpectedly();
        if (!dead.isEmpty()) {
          harness.add("process_exited", null, "exited without being killed: " + dead);
        }
      } finally {
        probeThread.interrupt();
      }
      out.printf("chaos: processes stopped at %s%n", ChaosMain.seconds(System.nanoTime() - start));
      return verdict(stores, submitted, start);
    }
  }

  /** Load and faults; returns how many workflows were accepted. */
  private int drive(Cluster cluster, ScratchStores stores, Probe probe, List<FaultKind> plan, Random random,
      long start, long deadline) throws SetupException {
    int loadSeconds = (int) (WARMUP_MS / 1000) + plan.size() * SECONDS_PER_FAULT;
    double rate = Math.max(0.5, options.workflows() / (double) loadSeconds);
    long lastUseful = deadline - TEARDOWN_RESERVE_NANOS;
    Submitter submitter = new Submitter(new Workload(options.seed(), runId), cluster.ports(), options.workflows(),
        rate, runId, lastUseful);
    Thread submitThread = new Thread(submitter, "chaos-submitter");
    submitThread.start();
    FaultInjector injector = new FaultInjector(cluster, stores, probe, start, random,
        () -> loadFinished(probe, submitter), submitter);
    try {
      Thread.sleep(WARMUP_MS);
      for (int i = 0; i < plan.size(); i++) {
        if (System.nanoTime() > lastUseful - (FaultInjector.WINDOW_MS + 10_000) * 1_000_000L) {
          harness.add("faults_not_injected", null, "no time left for faults #" + (i + 1) + ".." + plan.size());
          break;
        }
        FaultRecord record = injector.inject(i + 1, plan.get(i));
        faults.add(record);
        out.println("chaos: " + record.describe());
        Thread.sleep(GAP_MS);
      }
      submitThread.join(Math.max(1, (lastUseful - System.nanoTime()) / 1_000_000));
      while (!loadFinished(probe, submitter) && System.nanoTime() < lastUseful) {
        Thread.sleep(250);
      }
    } catch (IOException | SQLException e) {
      throw new SetupException("fault injection: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupException("interrupted", e);
    } finally {
      submitThread.interrupt();
      injector.close();
    }
    if (submitter.failure() != null) {
      harness.add("not_submitted", null, submitter.failure());
    }
    Probe.Sample last = probe.latest();
    out.printf("chaos: load %s at %s: %d workflows accepted (%d submissions retried), %d finished%n",
        loadFinished(probe, submitter) ? "finished" : "NOT finished", ChaosMain.seconds(System.nanoTime() - start),
        submitter.submitted(), submitter.retriedSubmissions(), last == null ? 0 : last.finishedWorkflows());
    return submitter.submitted();
  }

  private boolean loadFinished(Probe probe, Submitter submitter) {
    Probe.Sample last = probe.latest();
    return submitter.submitted() == options.workflows() && last != null
        && last.workflows() == options.workflows() && last.finishedWorkflows() == options.workflows();
  }

  private static void awaitWorkers(ScratchStores stores, long deadline) throws SQLException, IOException {
    try (Connection c = stores.connect(); Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = s.executeQuery("SELECT count(DISTINCT name) FROM workers WHERE removed_at IS NULL")) {
          rows.next();
          if (rows.getInt(1) >= Cluster.WORKERS) {
            return;
          }
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
    throw new IOException("the workers did not all register in time");
  }

  private int verdict(ScratchStores stores, int submitted, long start) throws SetupException {
    Snapshot snapshot;
    try {
      snapshot = ChaosMain.snapshot(stores);
    } catch (SQLException e) {
      throw new SetupException("reading the results: " + e.getMessage(), e);
    }
    Violations found = Checker.check(snapshot);
    if (snapshot.workflows().size() != options.workflows()) {
      found.add("workflows_missing", null, snapshot.workflows().size() + " workflows stored, " + options.workflows()
          + " planned (" + submitted + " accepted)");
    }
    harness.counts().forEach((kind, n) -> harness.examples().get(kind).forEach(e -> found.add(kind, null, e)));
    long rejected = snapshot.events().stream().filter(e -> "report_rejected".equals(e.kind())).count();
    out.println("chaos: recovery per fault:");
    faults.forEach(f -> out.println("  " + f.describe()));
    if (!found.isEmpty()) {
      out.println("chaos: VIOLATIONS: " + found.summary());
      found.examples().forEach((kind, examples) -> examples.forEach(e -> out.println("  " + kind + ": " + e)));
      TrailDump.print(out, snapshot, found.jobs(), 3);
    }
    out.printf("CHAOS %s: workflows=%d jobs=%d attempts=%d faults=%d [%s] rejected_reports=%d elapsed=%s violations=%d%s%n",
        found.isEmpty() ? "PASS" : "FAIL", snapshot.workflows().size(), snapshot.jobs().size(),
        snapshot.assignments().size(), faults.size(), ChaosMain.faultCounts(faults), rejected,
        ChaosMain.seconds(System.nanoTime() - start), found.total(), found.isEmpty() ? "" : " (" + found.summary() + ")");
    return found.isEmpty() ? 0 : 1;
  }
}
