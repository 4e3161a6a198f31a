package io.orchestrator.chaos;

import io.orchestrator.chaos.Snapshot.EventRow;
import io.orchestrator.chaos.Snapshot.WorkflowRow;
import io.orchestrator.domain.WorkflowState;
import java.util.List;
import java.util.Objects;

/**
 * A workflow's own trail: created RUNNING, allowed transitions in order, ending in its state, and
 * finished (its last event) after the last event of any of its jobs.
 */
final class WorkflowTrail {
  private WorkflowTrail() {}

  static void check(WorkflowRow wf, List<EventRow> trail, Long lastJobSeq, Violations found) {
    String who = "workflow " + wf.id() + " (" + wf.name() + ")";
    if (trail.isEmpty()) {
      found.add(Violations.AUDIT_INCOMPLETE, null, who + " has no workflow events");
      return;
    }
    EventRow first = trail.get(0);
    if (first.fromState() != null || !WorkflowState.RUNNING.name().equals(first.toState())) {
      found.add(Violations.AUDIT_INCOMPLETE, null, who + " trail starts with " + JobTrail.describe(first));
    }
    for (int i = 1; i < trail.size(); i++) {
      EventRow previous = trail.get(i - 1);
      EventRow e = trail.get(i);
      if (!Objects.equals(previous.toState(), e.fromState())) {
        found.add(Violations.AUDIT_OUT_OF_ORDER, null, who + ": " + JobTrail.describe(e) + " follows "
            + JobTrail.describe(previous));
      } else if (!allowed(e.fromState(), e.toState())) {
        found.add(Violations.ILLEGAL_TRANSITION, null, who + ": " + JobTrail.describe(e));
      }
    }
    EventRow last = trail.get(trail.size() - 1);
    if (!Objects.equals(last.toState(), wf.state())) {
      found.add(Violations.AUDIT_INCOMPLETE, null, who + " is " + wf.state() + " but its trail ends with "
          + JobTrail.describe(last));
    }
    if (WorkflowState.SUCCEEDED.name().equals(wf.state()) && lastJobSeq != null && last.seq() < lastJobSeq) {
      found.add(Violations.AUDIT_OUT_OF_ORDER, null, who + " finished at #" + last.seq()
          + " before its last job event #" + lastJobSeq);
    }
  }

  private static boolean allowed(String from, String to) {
    try {
      return from != null && to != null && WorkflowState.valueOf(from).canMoveTo(WorkflowState.valueOf(to));
    } catch (IllegalArgumentException unknownState) {
      return false;
    }
  }
}
