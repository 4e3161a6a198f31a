package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A snapshot of one workflow; {@code jobs} is empty in list views. */
public record Workflow(
    UUID id,
    String name,
    WorkflowState state,
    int priority,
    JsonObject labels,
    String idempotencyKey,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<Job> jobs) {

  public Workflow withJobs(List<Job> newJobs) {
    return new Workflow(id, name, state, priority, labels, idempotencyKey, createdAt, startedAt,
        finishedAt, newJobs);
  }

  /**
   * The fields of a workflow without its jobs, the only place they are listed, written into an
   * object the caller has opened: a list of many workflows is written without a map per workflow.
   */
  public void writeSummaryFields(JsonGenerator out) throws IOException {
    out.writeStringField("id", id.toString());
    out.writeStringField("name", name);
    out.writeStringField("state", state.name());
    out.writeNumberField("priority", priority);
    Job.writeObject(out, "labels", labels);
    out.writeStringField("created_at", Times.format(createdAt));
    out.writeStringField("started_at", Times.format(startedAt));
    out.writeStringField("finished_at", Times.format(finishedAt));
  }

  /** The workflow's JSON (API.md), with its jobs or without (list views), written to {@code out}. */
  public void writeJson(JsonGenerator out, boolean withJobs) throws IOException {
    out.writeStartObject();
    writeSummaryFields(out);
    if (withJobs) {
      out.writeArrayFieldStart("jobs");
      for (Job job : jobs) {
        job.writeJson(out);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }
}
