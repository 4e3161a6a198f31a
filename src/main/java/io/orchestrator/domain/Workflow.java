package io.orchestrator.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

  public JsonObject toJson(boolean withJobs) {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("state", state.name())
        .put("priority", priority)
        .put("labels", labels)
        .put("created_at", Times.format(createdAt))
        .put("started_at", Times.format(startedAt))
        .put("finished_at", Times.format(finishedAt));
    if (withJobs) {
      JsonArray array = new JsonArray();
      jobs.forEach(job -> array.add(job.toJson()));
      json.put("jobs", array);
    }
    return json;
  }
}
