package io.orchestrator.ports;

/** Whether one report was applied, and if not, why (stable codes for the worker's {@code error}). */
public record ReportResult(Report report, boolean applied, String code, String message) {

  public static final String NOT_FOUND = "unknown_job";
  public static final String STALE = "stale_attempt";
  public static final String NOT_OWNER = "not_your_job";
  public static final String NOT_RUNNING = "not_running";

  public static ReportResult applied(Report report) {
    return new ReportResult(report, true, null, null);
  }

  public static ReportResult rejected(Report report, String code, String message) {
    return new ReportResult(report, false, code, message);
  }
}
