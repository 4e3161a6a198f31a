package io.orchestrator.ports;

/** Whether one report was applied, and if not, why (stable codes for the worker's {@code error}). */
public record ReportResult(Report report, boolean applied, String code, String message) {

  public static final String NOT_FOUND = "unknown_job";
  public static final String STALE = "stale_attempt";
  public static final String NOT_OWNER = "not_your_job";
  public static final String NOT_RUNNING = "not_running";
  public static final String STALE_LEASE = "stale_lease";

  public static ReportResult applied(Report report) {
    return new ReportResult(report, true, null, null);
  }

  /** Every report of a batch done under a lease that was taken over. */
  public static ReportBatch staleLease(java.util.List<Report> reports, Lease lease) {
    String message = "lease " + lease.name() + " token " + lease.fencingToken() + " was superseded";
    return new ReportBatch(reports.stream().map(r -> rejected(r, STALE_LEASE, message)).toList(), new Effects());
  }

  public static ReportResult rejected(Report report, String code, String message) {
    return new ReportResult(report, false, code, message);
  }
}
