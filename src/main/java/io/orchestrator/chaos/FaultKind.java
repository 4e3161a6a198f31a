package io.orchestrator.chaos;

import java.util.List;

/** The faults a run injects, and the order of the short and the full form. */
enum FaultKind {
  WORKER_KILL("worker_kill"),
  COORDINATOR_KILL("coordinator_kill"),
  COORDINATOR_STOP("coordinator_stop"),
  REDIS_FLUSH("redis_flush"),
  PG_TERMINATE("pg_terminate");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }

  /** One of each kind (CI), or eleven mixed so that each kind also meets the after-effects of the others. */
  static List<FaultKind> plan(boolean shortForm) {
    if (shortForm) {
      return List.of(WORKER_KILL, COORDINATOR_STOP, REDIS_FLUSH, COORDINATOR_KILL, PG_TERMINATE);
    }
    return List.of(WORKER_KILL, PG_TERMINATE, COORDINATOR_KILL, REDIS_FLUSH, COORDINATOR_STOP, WORKER_KILL,
        PG_TERMINATE, COORDINATOR_KILL, REDIS_FLUSH, COORDINATOR_STOP, WORKER_KILL);
  }
}
