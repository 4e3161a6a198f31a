package io.orchestrator.chaos;

import io.orchestrator.chaos.Snapshot.AssignmentRow;
import io.orchestrator.chaos.Snapshot.EventRow;
import io.orchestrator.chaos.Snapshot.JobRow;
import io.orchestrator.chaos.Snapshot.WorkflowRow;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The end-of-run checks, a pure function of a {@link Snapshot}: every workflow and job SUCCEEDED,
 * exactly one SUCCEEDED attempt per job and it is the job's last, no report of an old attempt applied,
 * no attempt left open, each job's audit trail complete, in order and made of allowed transitions,
 * attempts in the trail matching the assignment rows, and fan-in jobs seeing all their inputs.
 */
public final class Checker {
  private Checker() {}

  public static Violations check(Snapshot snapshot) {
    Violations found = new Violations();
    Map<UUID, List<AssignmentRow>> assignmentsByJob = new HashMap<>();
    snapshot.assignments().forEach(a -> assignmentsByJob.computeIfAbsent(a.jobId(), k -> new ArrayList<>()).add(a));
    Map<UUID, List<EventRow>> jobEvents = new HashMap<>();
    Map<UUID, List<EventRow>> workflowEvents = new HashMap<>();
    for (EventRow e : snapshot.events()) {
      if (AuditEvent.JOB_STATE.equals(e.kind()) && e.jobId() != null) {
        jobEvents.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e);
      } else if (AuditEvent.WORKFLOW_STATE.equals(e.kind())) {
        workflowEvents.computeIfAbsent(e.workflowId(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<UUID, Long> lastJobSeqByWorkflow = new HashMap<>();
    for (JobRow job : snapshot.jobs()) {
      List<AssignmentRow> attempts = new ArrayList<>(assignmentsByJob.getOrDefault(job.id(), List.of()));
      attempts.sort(Comparator.comparingInt(AssignmentRow::attempt));
      List<EventRow> trail = new ArrayList<>(jobEvents.getOrDefault(job.id(), List.of()));
      trail.sort(Comparator.comparingLong(EventRow::seq));
      checkJob(job, attempts, found);
      JobTrail.check(job, trail, attempts, found);
      if (!trail.isEmpty()) {
        lastJobSeqByWorkflow.merge(job.workflowId(), trail.get(trail.size() - 1).seq(), Math::max);
      }
    }
    for (WorkflowRow wf : snapshot.workflows()) {
      if (!"SUCCEEDED".equals(wf.state())) {
        found.add(Violations.WORKFLOW_NOT_SUCCEEDED, null, "workflow " + wf.id() + " (" + wf.name() + ") is " + wf.state());
      }
      List<EventRow> trail = new ArrayList<>(workflowEvents.getOrDefault(wf.id(), List.of()));
      trail.sort(Comparator.comparingLong(EventRow::seq));
      WorkflowTrail.check(wf, trail, lastJobSeqByWorkflow.get(wf.id()), found);
    }
    return found;
  }

  /** State, attempts and data flow of one job, from its row and its assignment rows. */
  private static void checkJob(JobRow job, List<AssignmentRow> attempts, Violations found) {
    if (!JobState.SUCCEEDED.name().equals(job.state())) {
      found.add(Violations.JOB_NOT_SUCCEEDED, job.id(), "job " + job.id() + " (" + job.name() + ") is " + job.state()
          + " at attempt " + job.attempt());
    }
    List<AssignmentRow> succeeded = attempts.stream().filter(a -> "SUCCEEDED".equals(a.outcome())).toList();
    if (succeeded.size() != 1 && JobState.SUCCEEDED.name().equals(job.state()) || succeeded.size() > 1) {
      found.add(Violations.SUCCEEDED_ASSIGNMENTS, job.id(), "job " + job.id() + " has " + succeeded.size()
          + " SUCCEEDED assignments (attempts " + succeeded.stream().map(AssignmentRow::attempt).toList() + ")");
    }
    for (AssignmentRow a : succeeded) {
      if (a.attempt() != job.attempt()) {
        found.add(Violations.STALE_REPORT_APPLIED, job.id(), "job " + job.id() + ": attempt " + a.attempt()
            + " SUCCEEDED but the job is at attempt " + job.attempt());
      }
    }
    for (AssignmentRow a : attempts) {
      if (a.outcome() == null) {
        found.add(Violations.ATTEMPT_LEFT_OPEN, job.id(), "job " + job.id() + ": attempt " + a.attempt()
            + " on worker " + a.workerId() + " has no outcome");
      }
    }
    if ("echo".equals(job.type()) && job.resultInputs() != null && JobState.SUCCEEDED.name().equals(job.state())
        && !job.resultInputs().containsAll(job.dependsOn())) {
      found.add(Violations.DATA_FLOW, job.id(), "job " + job.id() + " (" + job.name() + ") saw inputs "
          + job.resultInputs() + " but depends on " + job.dependsOn());
    }
  }
}
