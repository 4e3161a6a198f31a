package io.orchestrator.redis;

import io.orchestrator.domain.Job;
import io.orchestrator.domain.JsonBytes;
import io.orchestrator.domain.Times;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A workflow with its jobs as cached JSON: the public form ({@link Workflow#writeJson}) plus the
 * idempotency key, with each job in {@link JobJson}'s form. Instants keep millisecond precision.
 */
public final class WorkflowJson {
  private WorkflowJson() {}

  public static String encode(Workflow workflow) {
    return JsonBytes.text(out -> {
      out.writeStartObject();
      workflow.writeSummaryFields(out);
      out.writeStringField("idempotency_key", workflow.idempotencyKey());
      out.writeArrayFieldStart("jobs");
      for (Job job : workflow.jobs()) {
        JobJson.write(job, out);
      }
      out.writeEndArray();
      out.writeEndObject();
    });
  }

  public static Workflow decode(JsonObject json) {
    List<Job> jobs = new ArrayList<>();
    JsonArray array = json.getJsonArray("jobs");
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        jobs.add(JobJson.decode(array.getJsonObject(i)));
      }
    }
    return new Workflow(
        UUID.fromString(json.getString("id")),
        json.getString("name"),
        WorkflowState.valueOf(json.getString("state")),
        json.getInteger("priority", 0),
        json.getJsonObject("labels"),
        json.getString("idempotency_key"),
        Times.parse(json.getString("created_at")),
        Times.parse(json.getString("started_at")),
        Times.parse(json.getString("finished_at")),
        List.copyOf(jobs));
  }
}
