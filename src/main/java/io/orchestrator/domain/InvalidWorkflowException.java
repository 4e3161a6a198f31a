package io.orchestrator.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A submitted workflow was rejected; carries every problem found, not only the first. */
public final class InvalidWorkflowException extends RuntimeException {
  private final List<FieldError> errors;
  private final int unlisted;

  public InvalidWorkflowException(List<FieldError> errors) {
    this(errors, 0);
  }

  /** {@code unlisted} problems were found beyond {@code errors}; its last entry then says so. */
  public InvalidWorkflowException(List<FieldError> errors, int unlisted) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
    this.unlisted = unlisted;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Problems found but not listed (0 when {@link #errors()} has them all). */
  public int unlisted() {
    return unlisted;
  }

  private static String summary(List<FieldError> errors) {
    String shown = errors.stream().limit(5).map(FieldError::toString).collect(Collectors.joining("; "));
    int more = errors.size() - 5;
    return "invalid workflow: " + shown + (more > 0 ? "; and " + more + " more" : "");
  }
}
