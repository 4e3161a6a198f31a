package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** A submitted workflow, validated (names unique, dependencies known, acyclic), defaults applied. */
public record WorkflowSpec(String name, int priority, JsonObject labels, List<JobSpec> jobs) {}
