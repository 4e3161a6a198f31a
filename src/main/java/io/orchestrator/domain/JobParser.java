package io.orchestrator.domain;

import io.orchestrator.ports.QueuedJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one element of a submission's {@code jobs} array; graph rules are checked elsewhere. */
final class JobParser {
  static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final int MAX_NAME_LENGTH = 255;
  private static final String DEFAULT_QUEUE = "default";

  /**
   * What the graph checks need even when the job has other problems.
   *
   * @param name null when missing or invalid
   * @param dependsOn one entry per {@code depends_on} element, null where the element was invalid
   * @param spec the complete job, or null when any of its own fields was invalid
   */
  record ParsedJob(String name, List<String> dependsOn, JobSpec spec) {}

  private final FieldReader reader;
  private final Limits limits;

  JobParser(FieldReader reader, Limits limits) {
    this.reader = reader;
    this.limits = limits;
  }

  ParsedJob parse(Object element, int index) {
    String at = "jobs[" + index + "]";
    if (!(element instanceof JsonObject job)) {
      reader.add(at, FieldError.WRONG_TYPE, "must be an object, got " + FieldReader.typeName(element));
      return new ParsedJob(null, List.of(), null);
    }
    String name = Canonical.string(reader.requiredString(job, "name", at, MAX_NAME_LENGTH));
    String type = Canonical.string(reader.requiredString(job, "type", at, MAX_NAME_LENGTH));
    JsonObject payload = payload(job, at);
    List<String> dependsOn = dependsOn(job, at);
    String queue = queue(job, at);
    RetryPolicy retry = retry(job, at);
    Long timeout = reader.integer(job, "timeout_ms", at, limits.defaultTimeoutMs(), 1, Integer.MAX_VALUE);
    Long priority = reader.integer(job, "priority", at, 0, -QueuedJob.MAX_PRIORITY, QueuedJob.MAX_PRIORITY);

    // List.of() (no dependency) refuses contains(null): an empty list has no invalid element anyway.
    boolean depsValid = dependsOn != null && (dependsOn.isEmpty() || !dependsOn.contains(null));
    boolean complete = name != null && type != null && payload != null && depsValid && queue != null
        && retry != null && timeout != null && priority != null;
    JobSpec spec = complete
        ? new JobSpec(name, type, payload, List.copyOf(dependsOn), queue, retry, timeout, priority.intValue())
        : null;
    List<String> names = dependsOn == null || dependsOn.isEmpty() ? List.of() : Collections.unmodifiableList(dependsOn);
    return new ParsedJob(name, names, spec);
  }

  private JsonObject payload(JsonObject job, String at) {
    JsonObject payload = reader.object(job, "payload", at, false);
    if (payload == null) {
      return null;
    }
    if (payload.isEmpty()) {
      return Canonical.EMPTY_OBJECT; // nothing to measure
    }
    int bytes = payload.toBuffer().length();
    if (bytes > limits.maxPayloadBytes()) {
      reader.add(at + ".payload", FieldError.PAYLOAD_TOO_LARGE,
          "is " + bytes + " bytes encoded, at most " + limits.maxPayloadBytes() + " allowed");
      return null;
    }
    return Canonical.object(payload);
  }

  private List<String> dependsOn(JsonObject job, String at) {
    JsonArray deps = reader.array(job, "depends_on", at, false);
    if (deps == null) {
      return null;
    }
    if (deps.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(deps.size());
    for (int k = 0; k < deps.size(); k++) {
      names.add(Canonical.string(reader.elementString(deps.getValue(k), at, "depends_on", k, MAX_NAME_LENGTH)));
    }
    return names;
  }

  private String queue(JsonObject job, String at) {
    String queue = reader.optionalString(job, "queue", at, DEFAULT_QUEUE, Integer.MAX_VALUE);
    // The default needs no check (a regex match allocates a matcher for every job of a batch).
    if (queue != null && queue != DEFAULT_QUEUE && !QUEUE.matcher(queue).matches()) {
      reader.add(FieldReader.path(at, "queue"), FieldError.INVALID_VALUE, "must match " + QUEUE.pattern());
      return null;
    }
    return Canonical.string(queue);
  }

  private RetryPolicy retry(JsonObject job, String at) {
    JsonObject retry = reader.object(job, "retry", at, false);
    RetryPolicy d = RetryPolicy.NONE;
    if (retry == null || retry.isEmpty()) {
      return retry == null ? null : d;
    }
    String p = FieldReader.path(at, "retry");
    Long maxAttempts = reader.integer(retry, "max_attempts", p, d.maxAttempts(), 1, Integer.MAX_VALUE);
    Long initial = reader.integer(retry, "initial_delay_ms", p, d.initialDelayMs(), 0, Integer.MAX_VALUE);
    Double multiplier = reader.number(retry, "multiplier", p, d.multiplier(), 1.0, Double.MAX_VALUE);
    Long maxDelay = reader.integer(retry, "max_delay_ms", p, d.maxDelayMs(), 0, Integer.MAX_VALUE);
    if (maxAttempts == null || initial == null || multiplier == null || maxDelay == null) {
      return null;
    }
    RetryPolicy policy = new RetryPolicy(maxAttempts.intValue(), initial, multiplier, maxDelay);
    return policy.equals(d) ? d : policy; // most jobs keep the default: one shared instance
  }
}
