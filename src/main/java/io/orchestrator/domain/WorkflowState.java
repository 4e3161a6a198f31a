package io.orchestrator.domain;

/** The states of a workflow. */
public enum WorkflowState {
  RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean isTerminal() {
    return this != RUNNING;
  }

  public boolean canMoveTo(WorkflowState next) {
    return switch (this) {
      case RUNNING -> next != RUNNING;
      case FAILED, CANCELLED -> next == RUNNING;
      case SUCCEEDED -> false;
    };
  }
}
