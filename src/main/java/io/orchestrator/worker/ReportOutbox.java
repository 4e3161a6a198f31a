package io.orchestrator.worker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports not yet acknowledged (kept until the coordinator acks or rejects them, and re-sent after
 * every reconnect) plus the messages waiting for the next flush. Confined to the runtime's context.
 */
final class ReportOutbox {
  private final Map<String, Outgoing> unacked = new LinkedHashMap<>();
  private final List<Outgoing> pending = new ArrayList<>();

  /** A terminal report (complete/fail): kept until acked, and queued for sending. */
  void addReport(Outgoing report) {
    String key = JobAssignment.attemptKey(report.jobId(), report.attempt());
    unacked.put(key, report);
    pending.add(report);
  }

  /** A message worth sending only on the current connection (progress, drain). */
  void addTransient(Outgoing message) {
    pending.add(message);
  }

  /** Removes the acked report; false when it was not (or no longer) waiting. */
  boolean ack(String jobId, int attempt) {
    return unacked.remove(JobAssignment.attemptKey(jobId, attempt)) != null;
  }

  /** Drops reports the coordinator rejected for good; attempt null matches every attempt of the job. */
  List<Outgoing> reject(String jobId, Integer attempt) {
    List<Outgoing> dropped = new ArrayList<>();
    Iterator<Outgoing> it = unacked.values().iterator();
    while (it.hasNext()) {
      Outgoing r = it.next();
      if (r.ends(jobId, attempt)) {
        dropped.add(r);
        it.remove();
      }
    }
    return dropped;
  }

  /** After a (re)connection: everything unacked goes out again; stale transients are dropped. */
  void requeueUnacked() {
    pending.clear();
    pending.addAll(unacked.values());
  }

  /** The connection is gone: nothing can be sent; unacked reports stay for the next one. */
  void clearPending() {
    pending.clear();
  }

  List<Outgoing> takePending() {
    List<Outgoing> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  int unackedCount() {
    return unacked.size();
  }
}
