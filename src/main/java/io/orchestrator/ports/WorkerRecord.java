package io.orchestrator.ports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** A worker as the registry (table {@code workers}) knows it. */
public record WorkerRecord(
    String id,
    String name,
    List<String> queues,
    List<String> types,
    int concurrency,
    String coordinatorId,
    Instant connectedAt,
    Instant lastHeartbeat,
    List<String> runningJobs) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("queues", new JsonArray(List.copyOf(queues)))
        .put("types", new JsonArray(List.copyOf(types)))
        .put("concurrency", concurrency)
        .put("coordinator_id", coordinatorId)
        .put("connected_at", io.orchestrator.domain.Times.format(connectedAt))
        .put("last_heartbeat", io.orchestrator.domain.Times.format(lastHeartbeat))
        .put("running_jobs", new JsonArray(List.copyOf(runningJobs)));
  }
}
