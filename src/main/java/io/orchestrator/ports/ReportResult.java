package io.orchestrator.ports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.orchestrator.domain.JsonBytes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

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
  public static ReportBatch staleLease(List<Report> reports, Lease lease) {
    String message = "lease " + lease.name() + " token " + lease.fencingToken() + " was superseded";
    return new ReportBatch(reports.stream().map(r -> rejected(r, STALE_LEASE, message)).toList(), new Effects());
  }

  public static ReportResult rejected(Report report, String code, String message) {
    return new ReportResult(report, false, code, message);
  }

  /**
   * The UTF-8 text of the frame that answers these reports: {@code ack} for each applied one, {@code error}
   * with the code and message for each rejected one (API.md, worker protocol).
   */
  public static Buffer answerFrame(List<ReportResult> results) {
    return FrameText.of(results, 90, ReportResult::writeAnswer);
  }

  // Names and fixed values as bytes made once: written as strings, each was escaped character by character.
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString ACK = new SerializedString("ack");
  private static final SerializedString JOB_ID = new SerializedString("job_id");
  private static final SerializedString ATTEMPT = new SerializedString("attempt");

  private static void writeAnswer(ReportResult result, JsonGenerator out) throws IOException {
    out.writeStartObject();
    if (result.applied) {
      out.writeFieldName(TYPE);
      out.writeString(ACK);
    } else {
      out.writeStringField("type", "error");
      out.writeStringField("code", result.code);
      out.writeStringField("message", result.message);
    }
    out.writeFieldName(JOB_ID);
    JsonBytes.writeUuid(out, result.report.jobId());
    out.writeFieldName(ATTEMPT);
    out.writeNumber(result.report.attempt());
    out.writeEndObject();
  }
}
