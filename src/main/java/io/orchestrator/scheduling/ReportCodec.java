package io.orchestrator.scheduling;

import io.orchestrator.ports.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The event-bus form of reports and their results (between the gateway and the scheduler). */
public final class ReportCodec {
  private ReportCodec() {}

  /** A worker message (complete or fail, already validated by the gateway) as a report. */
  public static Report fromMessage(JsonObject message, String workerId) {
    UUID jobId = UUID.fromString(message.getString("job_id"));
    int attempt = message.getInteger("attempt");
    return "complete".equals(message.getString("type"))
        ? Report.complete(jobId, attempt, workerId, message.getJsonObject("result", new JsonObject()))
        : Report.fail(jobId, attempt, workerId, message.getString("error", "failed"),
            message.getBoolean("retryable", true));
  }

  public static List<Report> fromRequest(JsonObject request) {
    String workerId = request.getString("worker_id");
    JsonArray messages = request.getJsonArray("reports");
    List<Report> reports = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      reports.add(fromMessage(messages.getJsonObject(i), workerId));
    }
    return reports;
  }
}
