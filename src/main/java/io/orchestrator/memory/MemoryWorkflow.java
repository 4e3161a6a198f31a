package io.orchestrator.memory;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The mutable row of one workflow with its jobs (spec order), its audit trail, and the indexes that
 * keep the hot path free of searches: jobs by name, direct dependants, and a count of jobs per state.
 */
final class MemoryWorkflow {
  final UUID id;
  final String name;
  final int priority;
  final JsonObject labels;
  final String idempotencyKey;
  final Instant createdAt;
  final Instant startedAt;

  WorkflowState state = WorkflowState.RUNNING;
  Instant finishedAt;

  final List<MemoryJob> jobs = new ArrayList<>();
  final Map<String, MemoryJob> jobsByName = new HashMap<>();
  /** Job name to the names it depends on, in spec order (the shape {@code Decider.dependantsOf} reads). */
  final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
  /** Job name to the jobs that depend on it directly, in spec order. */
  final Map<String, List<MemoryJob>> dependants = new HashMap<>();
  final Map<JobState, Integer> jobsPerState = new EnumMap<>(JobState.class);
  final List<AuditEvent> events = new ArrayList<>();

  MemoryWorkflow(UUID id, String name, int priority, JsonObject labels, String idempotencyKey, Instant now) {
    this.id = id;
    this.name = name;
    this.priority = priority;
    this.labels = labels;
    this.idempotencyKey = idempotencyKey;
    this.createdAt = now;
    this.startedAt = now;
  }

  void addJob(MemoryJob job) {
    jobs.add(job);
    jobsByName.put(job.name(), job);
    dependsOn.put(job.name(), List.copyOf(job.spec.dependsOn()));
    for (String dependency : job.spec.dependsOn()) {
      dependants.computeIfAbsent(dependency, d -> new ArrayList<>()).add(job);
    }
  }

  List<MemoryJob> directDependants(String jobName) {
    return dependants.getOrDefault(jobName, List.of());
  }

  /** Keeps {@link #jobsPerState} in step with a job's change of state ({@code from} null: a new job). */
  void countMove(JobState from, JobState to) {
    if (from != null) {
      jobsPerState.merge(from, -1, Integer::sum);
    }
    jobsPerState.merge(to, 1, Integer::sum);
  }

  Workflow snapshot(boolean withJobs) {
    return new Workflow(id, name, state, priority, labels == null ? null : labels.copy(), idempotencyKey,
        createdAt, startedAt, finishedAt, withJobs ? jobs.stream().map(MemoryJob::snapshot).toList() : List.of());
  }
}
