package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Field names as bytes made once: written as strings, each was escaped character by character.
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString STATE = new SerializedString("state");
  private static final SerializedString PRIORITY = new SerializedString("priority");
  private static final SerializedString LABELS = new SerializedString("labels");
  private static final SerializedString CREATED_AT = new SerializedString("created_at");
  private static final SerializedString STARTED_AT = new SerializedString("started_at");
  private static final SerializedString FINISHED_AT = new SerializedString("finished_at");

  public Workflow withJobs(List<Job> newJobs) {
    return new Workflow(id, name, state, priority, labels, idempotencyKey, createdAt, startedAt,
        finishedAt, newJobs);
  }

  /**
   * The fields of a workflow without its jobs, the only place they are listed, written into an
   * object the caller has opened: a list of many workflows is written without a map per workflow.
   */
  public void writeSummaryFields(JsonGenerator out) throws IOException {
    out.writeFieldName(ID);
    JsonBytes.writeUuid(out, id);
    out.writeFieldName(NAME);
    out.writeString(name);
    out.writeFieldName(STATE);
    out.writeString(state.name());
    out.writeFieldName(PRIORITY);
    out.writeNumber(priority);
    Job.writeObject(out, LABELS, labels);
    out.writeFieldName(CREATED_AT);
    Times.write(out, createdAt);
    out.writeFieldName(STARTED_AT);
    Times.write(out, startedAt);
    out.writeFieldName(FINISHED_AT);
    Times.write(out, finishedAt);
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
