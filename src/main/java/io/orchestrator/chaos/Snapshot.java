package io.orchestrator.chaos;

import java.util.List;
import java.util.UUID;

/**
 * What the checks read from PostgreSQL at the end of a run: plain rows, so that {@link Checker}
 * stays a pure function that tests feed with synthetic data.
 */
public record Snapshot(List<WorkflowRow> workflows, List<JobRow> jobs, List<AssignmentRow> assignments,
                       List<EventRow> events) {

  public Snapshot {
    workflows = List.copyOf(workflows);
    jobs = List.copyOf(jobs);
    assignments = List.copyOf(assignments);
    events = List.copyOf(events);
  }

  public record WorkflowRow(UUID id, String name, String state) {}

  /** {@code dependsOn} names; {@code resultInputs} the job names found in an echo result's inputs (null otherwise). */
  public record JobRow(UUID id, UUID workflowId, String name, String type, String state, int attempt,
                       List<String> dependsOn, List<String> resultInputs) {}

  public record AssignmentRow(UUID jobId, int attempt, String workerId, String coordinatorId, String outcome) {}

  public record EventRow(long seq, UUID workflowId, UUID jobId, String kind, String fromState, String toState,
                         Integer attempt, String workerId, String coordinatorId) {}
}
