package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One job of a submitted workflow, validated, with defaults applied. */
public record JobSpec(
    String name,
    String type,
    JsonObject payload,
    List<String> dependsOn,
    String queue,
    RetryPolicy retry,
    long timeoutMs,
    int priority) {}
