package io.orchestrator.chaos;

import io.orchestrator.chaos.Snapshot.AssignmentRow;
import io.orchestrator.chaos.Snapshot.EventRow;
import io.orchestrator.chaos.Snapshot.JobRow;
import io.orchestrator.domain.JobState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job's audit trail (its job_state events by seq): starts at creation, each event leaves the
 * state the previous one entered by an allowed transition, ends in the job's state; each start
 * (to RUNNING) is an assignment row, in attempt order; and each end of a run (from RUNNING) is for
 * the attempt then running — an end with another attempt is a stale report that was applied.
 */
final class JobTrail {
  private JobTrail() {}

  static void check(JobRow job, List<EventRow> trail, List<AssignmentRow> attempts, Violations found) {
    String who = "job " + job.id() + " (" + job.name() + ")";
    if (trail.isEmpty()) {
      found.add(Violations.AUDIT_INCOMPLETE, job.id(), who + " has no audit events");
      return;
    }
    EventRow first = trail.get(0);
    if (first.fromState() != null || !(JobState.BLOCKED.name().equals(first.toState())
        || JobState.QUEUED.name().equals(first.toState()))) {
      found.add(Violations.AUDIT_INCOMPLETE, job.id(), who + " trail starts with " + describe(first)
          + " instead of its creation");
    }
    Map<Integer, AssignmentRow> byAttempt = new HashMap<>();
    attempts.forEach(a -> byAttempt.put(a.attempt(), a));
    Integer running = null;
    int starts = 0;
    int lastStarted = 0;
    for (int i = 0; i < trail.size(); i++) {
      EventRow e = trail.get(i);
      if (i > 0) {
        EventRow previous = trail.get(i - 1);
        if (!Objects.equals(previous.toState(), e.fromState())) {
          found.add(Violations.AUDIT_OUT_OF_ORDER, job.id(), who + ": " + describe(e) + " follows " + describe(previous));
        } else if (!allowed(e.fromState(), e.toState())) {
          found.add(Violations.ILLEGAL_TRANSITION, job.id(), who + ": " + describe(e));
        }
      }
      if (JobState.RUNNING.name().equals(e.toState())) {
        starts++;
        int attempt = e.attempt() == null ? -1 : e.attempt();
        if (attempt <= lastStarted) {
          found.add(Violations.AUDIT_OUT_OF_ORDER, job.id(), who + ": start of attempt " + attempt
              + " after attempt " + lastStarted);
        }
        if (!byAttempt.containsKey(attempt)) {
          found.add(Violations.ASSIGNMENT_MISMATCH, job.id(), who + ": start of attempt " + attempt
              + " has no assignment row");
        }
        lastStarted = Math.max(lastStarted, attempt);
        running = attempt;
      } else if (JobState.RUNNING.name().equals(e.fromState())) {
        if (!Objects.equals(running, e.attempt())) {
          found.add(Violations.STALE_REPORT_APPLIED, job.id(), who + ": " + describe(e)
              + " while attempt " + running + " was running");
        }
        AssignmentRow row = e.attempt() == null ? null : byAttempt.get(e.attempt());
        boolean succeededEvent = JobState.SUCCEEDED.name().equals(e.toState());
        boolean succeededRow = row != null && "SUCCEEDED".equals(row.outcome());
        if (row == null || succeededEvent != succeededRow) {
          found.add(Violations.ASSIGNMENT_MISMATCH, job.id(), who + ": " + describe(e) + " but its assignment's outcome is "
              + (row == null ? "missing" : row.outcome()));
        }
        running = null;
      }
    }
    if (starts != attempts.size()) {
      found.add(Violations.ASSIGNMENT_MISMATCH, job.id(), who + ": " + starts + " starts in the trail, "
          + attempts.size() + " assignment rows");
    }
    EventRow last = trail.get(trail.size() - 1);
    if (!Objects.equals(last.toState(), job.state())) {
      found.add(Violations.AUDIT_INCOMPLETE, job.id(), who + " is " + job.state() + " but its trail ends with "
          + describe(last));
    }
  }

  private static boolean allowed(String from, String to) {
    try {
      return from != null && to != null && JobState.valueOf(from).canMoveTo(JobState.valueOf(to));
    } catch (IllegalArgumentException unknownState) {
      return false;
    }
  }

  static String describe(EventRow e) {
    return "#" + e.seq() + " " + e.fromState() + "->" + e.toState() + " (attempt " + e.attempt() + ")";
  }
}
