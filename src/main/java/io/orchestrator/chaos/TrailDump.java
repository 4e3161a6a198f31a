package io.orchestrator.chaos;

import io.orchestrator.chaos.Snapshot.EventRow;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

/** Prints the rows behind a violation (job, attempts, audit trail) so that it can be reported as found. */
final class TrailDump {
  private TrailDump() {}

  static void print(PrintStream out, Snapshot snapshot, List<UUID> jobIds, int limit) {
    jobIds.stream().limit(limit).forEach(id -> print(out, snapshot, id));
  }

  private static void print(PrintStream out, Snapshot snapshot, UUID jobId) {
    snapshot.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst().ifPresent(job -> {
      out.printf("  job %s (%s, %s) of workflow %s: %s at attempt %d%n", job.id(), job.name(), job.type(),
          job.workflowId(), job.state(), job.attempt());
      snapshot.assignments().stream().filter(a -> a.jobId().equals(jobId))
          .sorted(java.util.Comparator.comparingInt(Snapshot.AssignmentRow::attempt))
          .forEach(a -> out.printf("    attempt %d on worker %s via %s: %s%n", a.attempt(), a.workerId(),
              a.coordinatorId(), a.outcome()));
      snapshot.events().stream().filter(e -> jobId.equals(e.jobId()))
          .sorted(java.util.Comparator.comparingLong(EventRow::seq))
          .forEach(e -> out.printf("    #%d %s %s -> %s attempt %s worker %s coordinator %s%n", e.seq(), e.kind(),
              e.fromState(), e.toState(), e.attempt(), e.workerId(), e.coordinatorId()));
    });
  }
}
