package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.RunningAttempt;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/** Column lists and the mapping between rows and domain records; times as timestamptz (UTC). */
final class Rows {
  private Rows() {}

  static final String JOB_COLUMNS = "j.id, j.workflow_id, j.name, j.type, j.state, j.attempt, j.attempt_base, "
      + "j.depends_on, j.queue, j.priority, j.payload, j.retry, j.timeout_ms, j.worker_id, j.result, j.error, "
      + "j.created_at, j.queued_at, j.started_at, j.finished_at, j.retry_at";

  static final String WORKFLOW_COLUMNS =
      "w.id, w.name, w.state, w.priority, w.labels, w.idempotency_key, w.created_at, w.started_at, w.finished_at";

  static final String EVENT_COLUMNS =
      "seq, workflow_id, job_id, kind, from_state, to_state, attempt, worker_id, coordinator_id, at, details";

  /** PostgreSQL keeps microseconds: what is written is truncated so that what is read back is equal. */
  static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    return instant(row.getOffsetDateTime(column));
  }

  /** The same by column position ({@link Columns}). */
  static Instant instant(Row row, int column) {
    return instant(row.getOffsetDateTime(column));
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  static String json(JsonObject value) {
    return value == null ? null : value.encode();
  }

  static Job job(Row row) {
    String[] deps = row.getArrayOfStrings("depends_on");
    return new Job(
        row.getUUID("id"),
        row.getUUID("workflow_id"),
        row.getString("name"),
        row.getString("type"),
        JobState.valueOf(row.getString("state")),
        row.getInteger("attempt"),
        row.getInteger("attempt_base"),
        deps == null ? List.of() : List.copyOf(Arrays.asList(deps)),
        row.getString("queue"),
        row.getInteger("priority"),
        row.getJsonObject("payload"),
        RetryPolicy.fromJson(row.getJsonObject("retry")),
        row.getLong("timeout_ms"),
        row.getString("worker_id"),
        row.getJsonObject("result"),
        row.getString("error"),
        instant(row, "created_at"),
        instant(row, "queued_at"),
        instant(row, "started_at"),
        instant(row, "finished_at"),
        instant(row, "retry_at"));
  }

  static Workflow workflow(Row row) {
    return new Workflow(
        row.getUUID("id"),
        row.getString("name"),
        WorkflowState.valueOf(row.getString("state")),
        row.getInteger("priority"),
        row.getJsonObject("labels"),
        row.getString("idempotency_key"),
        instant(row, "created_at"),
        instant(row, "started_at"),
        instant(row, "finished_at"),
        List.of());
  }

  static AuditEvent event(Row row) {
    return new AuditEvent(
        row.getLong("seq"),
        row.getUUID("workflow_id"),
        row.getUUID("job_id"),
        row.getString("kind"),
        row.getString("from_state"),
        row.getString("to_state"),
        row.getInteger("attempt"),
        row.getString("worker_id"),
        row.getString("coordinator_id"),
        instant(row, "at"),
        row.getJsonObject("details"));
  }

  /** Needs the job columns id, workflow_id, queue, type, priority and the workflow's as wf_priority. */
  static QueuedJob queued(Row row) {
    return new QueuedJob(row.getUUID("id"), row.getUUID("workflow_id"), row.getString("queue"),
        row.getString("type"), row.getInteger("wf_priority"), row.getInteger("priority"));
  }

  static RunningAttempt running(Row row) {
    return new RunningAttempt(row.getUUID("id"), row.getUUID("workflow_id"), row.getInteger("attempt"),
        row.getString("worker_id"), instant(row, "deadline"), row.getLong("timeout_ms"));
  }
}
