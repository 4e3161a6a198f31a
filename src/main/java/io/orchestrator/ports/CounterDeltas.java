package io.orchestrator.ports;

import io.orchestrator.domain.AuditEvent;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a committed change adds to the {@link Counters}: a pure function of the transitions it made.
 * Only non-zero deltas are returned.
 *
 * <p>Timeouts and lost workers: the stores audit those failures like any other (details carry only
 * the {@code error}), so {@link #from(Effects)} can count them only when a change's details carry
 * {@code "outcome": "TIMED_OUT" | "LOST"}. After a report batch use {@link #from(ReportBatch)}: it
 * knows each applied report's kind, and counts rejected reports from the results (the memory store
 * does not put rejections in its changes; the PostgreSQL store does).
 */
public final class CounterDeltas {
  private CounterDeltas() {}

  /** The deltas of any committed change (submit, start, release of retries, cancel, retry). */
  public static Map<String, Long> from(Effects effects) {
    Map<String, Long> deltas = new LinkedHashMap<>();
    countChanges(effects.changes, true, deltas);
    return deltas;
  }

  /** The deltas of a report batch: its transitions, plus timeouts, lost attempts and rejections. */
  public static Map<String, Long> from(ReportBatch batch) {
    Map<String, Long> deltas = new LinkedHashMap<>();
    countChanges(batch.effects().changes, false, deltas);
    for (ReportResult result : batch.results()) {
      if (!result.applied()) {
        increment(deltas, Counters.REPORTS_REJECTED);
      } else if (result.report().kind() == Report.Kind.TIMEOUT) {
        increment(deltas, Counters.JOBS_TIMED_OUT);
      } else if (result.report().kind() == Report.Kind.LOST) {
        increment(deltas, Counters.JOBS_LOST);
      }
    }
    return deltas;
  }

  /** {@code fromChangesOnly}: rejections and attempt outcomes are read from the changes themselves. */
  private static void countChanges(List<AuditEvent> changes, boolean fromChangesOnly, Map<String, Long> deltas) {
    for (AuditEvent change : changes) {
      String kind = change.kind();
      String from = change.fromState();
      String to = change.toState();
      if (AuditEvent.WORKFLOW_STATE.equals(kind)) {
        countWorkflow(from, to, deltas);
      } else if (AuditEvent.JOB_STATE.equals(kind)) {
        countJob(from, to, deltas);
        if (fromChangesOnly && "RUNNING".equals(from)) {
          countOutcome(change.details(), deltas);
        }
      } else if (AuditEvent.REPORT_REJECTED.equals(kind) && fromChangesOnly) {
        increment(deltas, Counters.REPORTS_REJECTED);
      }
    }
  }

  private static void countWorkflow(String from, String to, Map<String, Long> deltas) {
    if (to == null) {
      return;
    }
    switch (to) {
      case "RUNNING" -> {
        if (from == null) { // a workflow retry (FAILED -> RUNNING) is not a new start
          increment(deltas, Counters.WORKFLOWS_STARTED);
        }
      }
      case "SUCCEEDED" -> increment(deltas, Counters.WORKFLOWS_SUCCEEDED);
      case "FAILED" -> increment(deltas, Counters.WORKFLOWS_FAILED);
      case "CANCELLED" -> increment(deltas, Counters.WORKFLOWS_CANCELLED);
      default -> { }
    }
  }

  private static void countJob(String from, String to, Map<String, Long> deltas) {
    if ("SUCCEEDED".equals(to)) {
      increment(deltas, Counters.JOBS_COMPLETED);
    } else if ("FAILED".equals(to)) {
      increment(deltas, Counters.JOBS_FAILED);
    } else if ("RUNNING".equals(from) && ("QUEUED".equals(to) || "RETRY_WAIT".equals(to))) {
      increment(deltas, Counters.JOBS_RETRIED);
    }
  }

  private static void countOutcome(JsonObject details, Map<String, Long> deltas) {
    String outcome = details == null ? null : details.getString("outcome");
    if ("TIMED_OUT".equals(outcome)) {
      increment(deltas, Counters.JOBS_TIMED_OUT);
    } else if ("LOST".equals(outcome)) {
      increment(deltas, Counters.JOBS_LOST);
    }
  }

  private static void increment(Map<String, Long> deltas, String name) {
    deltas.merge(name, 1L, Long::sum);
  }
}
