package io.orchestrator.memory;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.WorkerRecord;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The memory twin of the PostgreSQL tables (workflows, jobs, job_assignments, workflow_events,
 * workers) and the only code that changes a job's or a workflow's state: every change goes through
 * {@link #moveJob} or {@link #moveWorkflow}, which check the transition, keep the indexes in step,
 * write the audit row and add it to the effects' change feed. Not thread-safe: the store locks.
 */
final class MemoryTables {
  /** UUIDs compared as unsigned bytes, as PostgreSQL orders them (also their text order). */
  // Not Comparator.comparing(UUID::getMostSignificantBits, ...): that boxed two Longs per comparison,
  // a tenth of what memory mode allocated while submitting (docs/performance.md, fifth round).
  static final Comparator<UUID> UUID_ORDER = Ids::compare;

  final String coordinatorId;
  final NavigableMap<UUID, MemoryWorkflow> workflows = new TreeMap<>(UUID_ORDER);
  final Map<UUID, MemoryJob> jobs = new HashMap<>();
  final Map<String, UUID> workflowByIdempotencyKey = new HashMap<>();
  /** Every attempt still retained, in the order they started. */
  final Deque<MemoryAttempt> attempts = new ArrayDeque<>();
  final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
  final Set<String> removedWorkers = new HashSet<>();
  private final Map<JobState, LinkedRows<MemoryJob>> jobsInState = new EnumMap<>(JobState.class);
  /**
   * Finished workflows, from the one that finished first (the next to forget) to the newest. A
   * workflow is in this list exactly while its state is terminal: {@link #moveWorkflow}, the only
   * place that changes it, adds it when it ends and removes it when a retry runs it again.
   */
  private final LinkedRows<MemoryWorkflow> finished = new LinkedRows<>();
  /** The jobs of the finished workflows. */
  private long finishedJobs;
  private final long retainedJobs;
  private long seq;

  /**
   * @param retainedJobs finished workflows are kept while their jobs number at most this; beyond it
   *     the workflows that finished first are forgotten (the newest finished one is always kept)
   */
  MemoryTables(String coordinatorId, long retainedJobs) {
    if (retainedJobs < 1) {
      throw new IllegalArgumentException("retainedJobs must be >= 1, got " + retainedJobs);
    }
    this.coordinatorId = coordinatorId;
    this.retainedJobs = retainedJobs;
    for (JobState state : JobState.values()) {
      if (!state.isTerminal()) {
        jobsInState.put(state, new LinkedRows<>());
      }
    }
  }

  /**
   * Jobs now in {@code state}, oldest change first. A live view: copy before changing states. Only
   * states that end are tracked: nothing asks for every SUCCEEDED job, and keeping them would cost
   * an entry per finished job for as long as the store lives.
   */
  LinkedRows<MemoryJob> inState(JobState state) {
    if (state.isTerminal()) {
      throw new IllegalArgumentException("jobs in the terminal state " + state + " are not tracked");
    }
    return jobsInState.get(state);
  }

  /** Stores a new RUNNING workflow (its jobs follow through {@link #addJob}). */
  void addWorkflow(MemoryWorkflow workflow, Instant now, Effects effects) {
    workflows.put(workflow.id, workflow);
    if (workflow.idempotencyKey != null) {
      workflowByIdempotencyKey.put(workflow.idempotencyKey, workflow.id);
    }
    changed(effects, audit(workflow, null, AuditEvent.WORKFLOW_STATE, null, workflow.state.name(), null, null, now,
        null));
  }

  /** Stores a new job of {@code workflow} in its first state (QUEUED jobs are added to the ready list). */
  void addJob(MemoryJob job, JobState initial, Instant now, Effects effects) {
    job.workflow.addJob(job);
    jobs.put(job.id, job);
    job.state = initial;
    if (initial == JobState.QUEUED) {
      job.queuedAt = now;
      effects.ready.add(job.queuedJob());
    }
    track(job, null, initial);
    job.workflow.countMove(null, initial);
    changed(effects, audit(job.workflow, job, AuditEvent.JOB_STATE, null, initial.name(), job.attempt, null, now, null));
  }

  /**
   * Moves a job to {@code to}. Callers set the attempt, worker, result or error first so that the
   * audit row carries them; this keeps the timestamps that follow from the state itself.
   */
  void moveJob(MemoryJob job, JobState to, Instant now, JsonObject details, Effects effects) {
    JobState from = job.state;
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("job " + job.id + " cannot move from " + from + " to " + to);
    }
    job.state = to;
    track(job, from, to);
    job.workflow.countMove(from, to);
    if (from == JobState.RUNNING) {
      job.deadline = null;
    }
    if (to == JobState.QUEUED) {
      job.queuedAt = now;
      job.retryAt = null;
      effects.ready.add(job.queuedJob());
    }
    if (to.isTerminal()) {
      job.finishedAt = now;
    }
    String worker = from == JobState.RUNNING || to == JobState.RUNNING ? job.workerId : null;
    changed(effects, audit(job.workflow, job, AuditEvent.JOB_STATE, from.name(), to.name(), job.attempt, worker,
        now, details));
  }

  private void track(MemoryJob job, JobState from, JobState to) {
    if (from != null && !from.isTerminal()) {
      jobsInState.get(from).remove(job);
    }
    if (!to.isTerminal()) {
      jobsInState.get(to).add(job);
    }
  }

  void moveWorkflow(MemoryWorkflow workflow, WorkflowState to, Instant now, Effects effects) {
    WorkflowState from = workflow.state;
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("workflow " + workflow.id + " cannot move from " + from + " to " + to);
    }
    workflow.state = to;
    if (to.isTerminal()) {
      workflow.finishedAt = now;
      workflow.ended();
      effects.finished.add(new Effects.Finished(workflow.id, to.name()));
    } else {
      workflow.finishedAt = null;
    }
    changed(effects, audit(workflow, null, AuditEvent.WORKFLOW_STATE, from.name(), to.name(), null, null, now, null));
    if (to.isTerminal()) {
      retain(workflow);
    } else if (from.isTerminal()) { // retried: running again, not to be forgotten
      unlinkFinished(workflow);
    }
  }

  /**
   * Keeps a workflow that just finished, and forgets the workflows that finished first while the
   * finished ones hold more than {@code retainedJobs} jobs: the workflow, its jobs, its audit trail,
   * its idempotency key and its jobs' attempts. A finished workflow's jobs have all ended, so nothing
   * else (the queue, the states tracked, the timers) refers to them.
   */
  private void retain(MemoryWorkflow workflow) {
    finished.add(workflow);
    finishedJobs += workflow.jobs.size();
    if (finishedJobs <= retainedJobs) {
      return;
    }
    while (finishedJobs > retainedJobs && finished.size() > 1) {
      MemoryWorkflow oldest = finished.first();
      unlinkFinished(oldest);
      forget(oldest);
    }
    // Attempts are kept in start order; those of forgotten jobs go from the front (an attempt of a
    // job still kept holds the ones behind it until its own workflow is forgotten).
    while (!attempts.isEmpty() && !jobs.containsKey(attempts.peekFirst().jobId)) {
      attempts.pollFirst();
    }
  }

  private void unlinkFinished(MemoryWorkflow workflow) {
    finished.remove(workflow);
    finishedJobs -= workflow.jobs.size();
  }

  private void forget(MemoryWorkflow workflow) {
    workflows.remove(workflow.id);
    if (workflow.idempotencyKey != null) {
      workflowByIdempotencyKey.remove(workflow.idempotencyKey, workflow.id);
    }
    for (MemoryJob job : workflow.jobs) {
      jobs.remove(job.id);
    }
  }

  /** Ends a RUNNING workflow whose jobs are all terminal (no fail-fast: every branch runs to its end). */
  void settle(MemoryWorkflow workflow, Instant now, Effects effects) {
    if (workflow.state != WorkflowState.RUNNING) {
      return;
    }
    WorkflowState outcome = workflow.outcome();
    if (outcome.isTerminal()) {
      moveWorkflow(workflow, outcome, now, effects);
    }
  }

  /** Adds an event to the trail of {@code workflow}, about {@code job} (null: the workflow itself). */
  AuditEvent audit(MemoryWorkflow workflow, MemoryJob job, String kind, String from, String to, Integer attempt,
      String workerId, Instant at, JsonObject details) {
    AuditEvent event = new AuditEvent(++seq, workflow.id, job == null ? null : job.id, kind, from, to, attempt,
        workerId, coordinatorId, at, details);
    workflow.trail.add(event, job == null ? -1 : job.position);
    return event;
  }

  private static void changed(Effects effects, AuditEvent event) {
    effects.changes.add(event);
  }
}
