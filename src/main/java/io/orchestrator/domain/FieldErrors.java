package io.orchestrator.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one pass over untrusted input: the first {@link #MAX_LISTED} are listed, the
 * rest only counted, in one last entry ("N more errors not listed"). A 50,000-job mistake, or a
 * batch of 1,000 bad workflows, must not make a multi-megabyte answer.
 */
public final class FieldErrors {
  public static final int MAX_LISTED = 1000;

  private final List<FieldError> listed = new ArrayList<>();
  private int unlisted;

  public void add(String field, String code, String message) {
    if (listed.size() < MAX_LISTED) {
      listed.add(new FieldError(field, code, message));
    } else {
      unlisted++;
    }
  }

  /** Problems found elsewhere and not listed there: counted here too. */
  public void addUnlisted(int count) {
    unlisted += count;
  }

  public boolean isEmpty() {
    return listed.isEmpty();
  }

  /** Found but not listed (counted in the last entry of {@link #list()}). */
  public int unlisted() {
    return unlisted;
  }

  /** The listed problems, then one entry counting the others when there are any. */
  public List<FieldError> list() {
    List<FieldError> all = new ArrayList<>(listed);
    if (unlisted > 0) {
      all.add(new FieldError("", FieldError.INVALID_VALUE, unlisted + " more errors not listed"));
    }
    return all;
  }

  /** @throws InvalidWorkflowException with every problem, when there is any */
  public void throwIfAny() {
    if (!isEmpty()) {
      throw new InvalidWorkflowException(list(), unlisted);
    }
  }
}
