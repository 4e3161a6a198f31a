package io.orchestrator.ports;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Cluster-wide event counters (totals since the counters were created), shared by every coordinator
 * when Redis-backed. Names are those of {@link #NAMES}; {@link CounterDeltas} computes what to add.
 */
public interface Counters {
  String WORKFLOWS_STARTED = "workflows_started";
  String WORKFLOWS_SUCCEEDED = "workflows_succeeded";
  String WORKFLOWS_FAILED = "workflows_failed";
  String WORKFLOWS_CANCELLED = "workflows_cancelled";
  String JOBS_COMPLETED = "jobs_completed";
  String JOBS_FAILED = "jobs_failed";
  String JOBS_RETRIED = "jobs_retried";
  String JOBS_TIMED_OUT = "jobs_timed_out";
  String JOBS_LOST = "jobs_lost";
  String REPORTS_REJECTED = "reports_rejected";

  /** Every counter, in a stable order. */
  List<String> NAMES = List.of(WORKFLOWS_STARTED, WORKFLOWS_SUCCEEDED, WORKFLOWS_FAILED, WORKFLOWS_CANCELLED,
      JOBS_COMPLETED, JOBS_FAILED, JOBS_RETRIED, JOBS_TIMED_OUT, JOBS_LOST, REPORTS_REJECTED);

  /** Adds each delta to its counter in one step (zero deltas may be skipped). */
  Future<Void> add(Map<String, Long> deltas);

  /** Every counter of {@link #NAMES} (0 when never added to), plus any other name that was added. */
  Future<Map<String, Long>> read();
}
