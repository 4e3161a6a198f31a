package io.orchestrator.ports;

/**
 * A backing service (PostgreSQL) could not be reached for an operation: its connection was closed,
 * refused or lost. Nothing was changed that the caller did not see committed; trying again later may
 * succeed, so the HTTP API answers 503.
 */
public final class BackendUnavailableException extends RuntimeException {
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
