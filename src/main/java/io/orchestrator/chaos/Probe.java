package io.orchestrator.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples progress from PostgreSQL every {@link #PERIOD_MS} on its own thread and connection:
 * SUCCEEDED attempts (completions) and finished workflows. Recovery times are read off the samples.
 * A lost connection (our faults may cause one) is opened again; a gap in samples is just a gap.
 */
final class Probe implements Runnable {
  static final long PERIOD_MS = 200;

  record Sample(long nanos, long completions, long finishedWorkflows, long workflows) {}

  private final ScratchStores stores;
  private final List<Sample> samples = new ArrayList<>();
  private volatile String lastError;

  Probe(ScratchStores stores) {
    this.stores = stores;
  }

  @Override
  public void run() {
    Connection connection = null;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (connection == null) {
          connection = stores.connect();
        }
        add(read(connection));
      } catch (SQLException e) {
        lastError = e.getMessage();
        close(connection);
        connection = null;
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close(connection);
  }

  private static Sample read(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rows = s.executeQuery("SELECT (SELECT count(*) FROM job_assignments WHERE outcome = 'SUCCEEDED'),"
             + " (SELECT count(*) FROM workflows WHERE state <> 'RUNNING'), (SELECT count(*) FROM workflows)")) {
      rows.next();
      return new Sample(System.nanoTime(), rows.getLong(1), rows.getLong(2), rows.getLong(3));
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken; the probe opens a new one
      }
    }
  }

  private synchronized void add(Sample sample) {
    samples.add(sample);
  }

  synchronized Sample latest() {
    return samples.isEmpty() ? null : samples.get(samples.size() - 1);
  }

  String lastError() {
    return lastError;
  }

  /** Completions per second between two instants (from the nearest samples), or -1 without data. */
  synchronized double rate(long fromNanos, long toNanos) {
    Sample from = null;
    Sample to = null;
    for (Sample s : samples) {
      if (s.nanos() <= fromNanos) {
        from = s;
      }
      if (s.nanos() <= toNanos) {
        to = s;
      }
    }
    if (from == null || to == null || to.nanos() <= from.nanos()) {
      return -1;
    }
    return (to.completions() - from.completions()) * 1e9 / (to.nanos() - from.nanos());
  }

  /**
   * The first sample time {@code t >= from} at which the rate over {@code [t - window, t]} was at least
   * {@code perSecond}; -1 if none yet.
   */
  synchronized long rateReached(long from, long window, double perSecond) {
    for (Sample s : samples) {
      if (s.nanos() >= from && rate(s.nanos() - window, s.nanos()) >= perSecond) {
        return s.nanos();
      }
    }
    return -1;
  }

  /** The first sample time after {@code fromNanos} whose completions exceed those at {@code fromNanos}; -1 if none yet. */
  synchronized long firstCompletionAfter(long fromNanos) {
    Long base = null;
    for (Sample s : samples) {
      if (s.nanos() <= fromNanos) {
        base = s.completions();
      } else if (base != null && s.completions() > base) {
        return s.nanos();
      }
    }
    return -1;
  }
}
