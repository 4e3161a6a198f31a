package io.orchestrator.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A submitted workflow was rejected; carries every problem found, not only the first. */
public final class InvalidWorkflowException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidWorkflowException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    String shown = errors.stream().limit(5).map(FieldError::toString).collect(Collectors.joining("; "));
    int more = errors.size() - 5;
    return "invalid workflow: " + shown + (more > 0 ? "; and " + more + " more" : "");
  }
}
