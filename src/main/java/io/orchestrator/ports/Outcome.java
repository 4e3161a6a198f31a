package io.orchestrator.ports;

/**
 * The result of a command on a workflow (cancel, retry): {@code status} is OK, NOT_FOUND or CONFLICT
 * (the workflow's state does not allow it), with the effects to carry out when OK.
 */
public record Outcome(Status status, String detail, Effects effects) {
  public enum Status { OK, NOT_FOUND, CONFLICT }

  public static Outcome ok(Effects effects) {
    return new Outcome(Status.OK, null, effects);
  }

  public static Outcome notFound(String detail) {
    return new Outcome(Status.NOT_FOUND, detail, new Effects());
  }

  public static Outcome conflict(String detail) {
    return new Outcome(Status.CONFLICT, detail, new Effects());
  }
}
