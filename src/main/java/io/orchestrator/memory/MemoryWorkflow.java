package io.orchestrator.memory;

import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The mutable row of one workflow with its jobs (spec order), its audit trail, a count of jobs per
 * state, and, while it runs, the {@link Graph} that keeps the hot path free of searches. The graph
 * is derived from the jobs: it is built on first use and dropped when the workflow ends (a retry
 * builds it again), so that a finished workflow, which the store keeps, holds as few objects as it
 * can (docs/performance.md, fifth round: young collections copy, and full ones mark, every object
 * the store keeps).
 */
final class MemoryWorkflow extends LinkedRows.Row<MemoryWorkflow> {
  private static final JobState[] STATES = JobState.values();

  final UUID id;
  final String name;
  final int priority;
  final JsonObject labels;
  final String idempotencyKey;
  final Instant createdAt;
  final Instant startedAt;

  WorkflowState state = WorkflowState.RUNNING;
  Instant finishedAt;

  final List<MemoryJob> jobs;
  final AuditTrail trail;
  /** Jobs per state, by {@link JobState#ordinal()}. */
  private final int[] jobsPerState = new int[STATES.length];
  private Graph graph;

  /** Who depends on whom, by job name. */
  private static final class Graph {
    final Map<String, MemoryJob> jobsByName;
    /** Job name to the names it depends on, in spec order (the shape {@code Decider.dependantsOf} reads). */
    final Map<String, List<String>> dependsOn;
    /** Job name to the jobs that depend on it directly, in spec order. */
    final Map<String, List<MemoryJob>> dependants = new HashMap<>();

    Graph(List<MemoryJob> jobs) {
      jobsByName = new HashMap<>(jobs.size() * 2);
      dependsOn = new LinkedHashMap<>(jobs.size() * 2);
      for (MemoryJob job : jobs) {
        jobsByName.put(job.name(), job);
        dependsOn.put(job.name(), job.spec.dependsOn());
        for (String dependency : job.spec.dependsOn()) {
          dependants.computeIfAbsent(dependency, d -> new ArrayList<>()).add(job);
        }
      }
    }
  }

  MemoryWorkflow(UUID id, String name, int priority, JsonObject labels, String idempotencyKey, Instant now,
      int jobCount) {
    this.id = id;
    this.name = name;
    this.priority = priority;
    this.labels = labels;
    this.idempotencyKey = idempotencyKey;
    this.createdAt = now;
    this.startedAt = now;
    this.jobs = new ArrayList<>(jobCount);
    // Started and ended, and each job queued (or blocked), running and ended: the usual trail, sized once.
    this.trail = new AuditTrail(2 + 3 * jobCount);
  }

  void addJob(MemoryJob job) {
    job.position = jobs.size();
    jobs.add(job);
    graph = null;
  }

  private Graph graph() {
    if (graph == null) {
      graph = new Graph(jobs);
    }
    return graph;
  }

  MemoryJob job(String jobName) {
    return graph().jobsByName.get(jobName);
  }

  /** Job name to the names it depends on, in spec order. */
  Map<String, List<String>> dependsOn() {
    return graph().dependsOn;
  }

  List<MemoryJob> directDependants(String jobName) {
    if (jobs.size() == 1) {
      return List.of(); // the most common workflow has nothing to look up
    }
    return graph().dependants.getOrDefault(jobName, List.of());
  }

  /** Keeps the count of jobs per state in step with a job's change of state ({@code from} null: a new job). */
  void countMove(JobState from, JobState to) {
    if (from != null) {
      jobsPerState[from.ordinal()]--;
    }
    jobsPerState[to.ordinal()]++;
  }

  /** What the workflow's jobs, counted per state, make of it ({@link Decider#workflowOutcome}). */
  WorkflowState outcome() {
    return Decider.workflowOutcome(jobsPerState);
  }

  /** The workflow has ended: what only a running workflow needs goes. */
  void ended() {
    graph = null;
  }

  Workflow snapshot(boolean withJobs) {
    return new Workflow(id, name, state, priority, labels == null ? null : labels.copy(), idempotencyKey,
        createdAt, startedAt, finishedAt, withJobs ? jobs.stream().map(MemoryJob::snapshot).toList() : List.of());
  }
}
