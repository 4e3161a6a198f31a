package io.orchestrator.worker;

/** A handler's failure that says whether another attempt could succeed. */
public class JobFailure extends RuntimeException {
  private final boolean retryable;

  public JobFailure(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public JobFailure(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
