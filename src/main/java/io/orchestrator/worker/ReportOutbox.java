package io.orchestrator.worker;

import io.vertx.core.json.JsonObject;

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
  private final Map<String, JsonObject> unacked = new LinkedHashMap<>();
  private final List<JsonObject> pending = new ArrayList<>();

  /** A terminal report (complete/fail): kept until acked, and queued for sending. */
  void addReport(JsonObject report) {
    String key = JobAssignment.attemptKey(report.getString("job_id"), report.getInteger("attempt"));
    unacked.put(key, report);
    pending.add(report);
  }

  /** A message worth sending only on the current connection (progress, drain). */
  void addTransient(JsonObject message) {
    pending.add(message);
  }

  /** Removes the acked report; false when it was not (or no longer) waiting. */
  boolean ack(String jobId, int attempt) {
    return unacked.remove(JobAssignment.attemptKey(jobId, attempt)) != null;
  }

  /** Drops reports the coordinator rejected for good; attempt null matches every attempt of the job. */
  List<JsonObject> reject(String jobId, Integer attempt) {
    List<JsonObject> dropped = new ArrayList<>();
    Iterator<JsonObject> it = unacked.values().iterator();
    while (it.hasNext()) {
      JsonObject r = it.next();
      if (jobId.equals(r.getString("job_id")) && (attempt == null || attempt.equals(r.getInteger("attempt")))) {
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

  List<JsonObject> takePending() {
    List<JsonObject> out = List.copyOf(pending);
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
