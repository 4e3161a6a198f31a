package io.orchestrator.redis;

import com.fasterxml.jackson.core.JsonGenerator;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.JsonBytes;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A job as cached JSON: the public form ({@link Job#writeJson}) plus {@code attempt_base}, which the
 * public form leaves out but a decoded job needs. Instants keep millisecond precision.
 */
public final class JobJson {
  private JobJson() {}

  public static String encode(Job job) {
    return JsonBytes.text(out -> write(job, out));
  }

  static void write(Job job, JsonGenerator out) throws IOException {
    out.writeStartObject();
    job.writeFields(out);
    out.writeNumberField("attempt_base", job.attemptBase());
    out.writeEndObject();
  }

  public static Job decode(JsonObject json) {
    JsonArray deps = json.getJsonArray("depends_on");
    List<String> dependsOn = new ArrayList<>();
    if (deps != null) {
      deps.forEach(dep -> dependsOn.add((String) dep));
    }
    return new Job(
        UUID.fromString(json.getString("id")),
        UUID.fromString(json.getString("workflow_id")),
        json.getString("name"),
        json.getString("type"),
        JobState.valueOf(json.getString("state")),
        json.getInteger("attempt"),
        json.getInteger("attempt_base", 0),
        List.copyOf(dependsOn),
        json.getString("queue"),
        json.getInteger("priority", 0),
        json.getJsonObject("payload"),
        RetryPolicy.fromJson(json.getJsonObject("retry")),
        json.getLong("timeout_ms"),
        json.getString("worker_id"),
        json.getJsonObject("result"),
        json.getString("error"),
        Times.parse(json.getString("created_at")),
        Times.parse(json.getString("queued_at")),
        Times.parse(json.getString("started_at")),
        Times.parse(json.getString("finished_at")),
        Times.parse(json.getString("retry_at")));
  }
}
