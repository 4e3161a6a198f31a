package io.orchestrator.memory;

import io.orchestrator.domain.AttemptOutcome;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Canonical;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Outcome;
import io.orchestrator.ports.Page;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Recovery;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.RunningAttempt;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.orchestrator.ports.WorkerRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The state store of memory mode: plain maps behind one lock. Several event loops call it, so each
 * method is a short critical section (no I/O) and answers with an already completed future; every
 * object it returns is a copy, never a live row. State is lost on restart. Finished workflows are
 * kept while their jobs number at most {@code retainedJobs}; the ones that finished first are then
 * forgotten, with their jobs, audit trail and idempotency key (operations.md, "Memory mode's retention").
 */
public final class MemoryStateStore implements StateStore {
  private static final String CANCEL_REASON = "workflow cancelled";

  private final Clock clock;
  private final MemoryTables tables;
  private final MemoryReports reports;
  /** The highest fencing token seen per lease name. */
  private final java.util.Map<String, Long> fences = new java.util.HashMap<>();

  /** Jobs of finished workflows kept by default (about 100 MB of heap for one-job workflows). */
  public static final long DEFAULT_RETAINED_JOBS = 100_000;
  /** Jobs started per worker and dispatch round ({@link #startBatch}). */
  static final int START_BATCH = 16;

  public MemoryStateStore(String coordinatorId, Clock clock) {
    this(coordinatorId, clock, DEFAULT_RETAINED_JOBS);
  }

  public MemoryStateStore(String coordinatorId, Clock clock, long retainedJobs) {
    this.clock = clock;
    this.tables = new MemoryTables(coordinatorId, retainedJobs);
    this.reports = new MemoryReports(tables);
  }

  @Override
  public Future<List<Submission>> submitAll(List<SubmitRequest> requests) {
    return locked(() -> {
      List<Submission> answers = new ArrayList<>(requests.size());
      for (SubmitRequest request : requests) {
        answers.add(submitOne(request.spec(), request.idempotencyKey(), request.withJobs()));
      }
      return answers;
    });
  }

  private Submission submitOne(WorkflowSpec spec, String idempotencyKey, boolean withJobs) {
    UUID existing = idempotencyKey == null ? null : tables.workflowByIdempotencyKey.get(idempotencyKey);
    if (existing != null) {
      return new Submission(tables.workflows.get(existing).snapshot(withJobs), false, new Effects());
    }
    Instant now = clock.instant();
    Effects effects = new Effects();
    MemoryWorkflow workflow = new MemoryWorkflow(Ids.next(), spec.name(), spec.priority(),
        Canonical.copyOf(spec.labels()), idempotencyKey, now, spec.jobs().size());
    tables.addWorkflow(workflow, now, effects);
    for (JobSpec jobSpec : spec.jobs()) {
      MemoryJob job = new MemoryJob(Ids.next(), workflow, jobSpec, now);
      tables.addJob(job, Decider.initialState(job.pendingDeps), now, effects);
    }
    tables.settle(workflow, now, effects); // only a workflow without jobs ends here
    return new Submission(workflow.snapshot(withJobs), true, effects);
  }

  /** Small rounds pipeline with the worker: memory W1 +10 %, one 20k-job workflow +18 % against rounds of 50. */
  @Override
  public int startBatch() {
    return START_BATCH;
  }

  @Override
  public Future<Workflow> workflow(UUID id) {
    return locked(() -> {
      MemoryWorkflow workflow = tables.workflows.get(id);
      return workflow == null ? null : workflow.snapshot(true);
    });
  }

  @Override
  public Future<Page<Workflow>> workflows(WorkflowState state, int limit, String cursor) {
    UUID after;
    try {
      after = cursor == null ? null : UUID.fromString(cursor);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid cursor: " + cursor, e));
    }
    return locked(() -> {
      var newestFirst = after == null ? tables.workflows.descendingMap()
          : tables.workflows.headMap(after, false).descendingMap();
      List<Workflow> items = new ArrayList<>();
      boolean more = false;
      for (MemoryWorkflow workflow : newestFirst.values()) {
        if (state != null && workflow.state != state) {
          continue;
        }
        if (items.size() == limit) {
          more = true;
          break;
        }
        items.add(workflow.snapshot(false));
      }
      String next = more && !items.isEmpty() ? items.get(items.size() - 1).id().toString() : null;
      return new Page<>(List.copyOf(items), next);
    });
  }

  @Override
  public Future<Job> job(UUID id) {
    return locked(() -> {
      MemoryJob job = tables.jobs.get(id);
      return job == null ? null : job.snapshot();
    });
  }

  @Override
  public Future<List<AuditEvent>> events(UUID workflowId) {
    return locked(() -> {
      MemoryWorkflow workflow = tables.workflows.get(workflowId);
      return workflow == null ? null : workflow.trail.events(workflow, tables.coordinatorId);
    });
  }

  @Override
  public Future<List<Assignment>> start(List<StartAttempt> starts) {
    return locked(() -> {
      Instant now = clock.instant();
      List<Assignment> started = new ArrayList<>();
      Effects unpublished = new Effects();
      for (StartAttempt start : starts) {
        MemoryJob job = tables.jobs.get(start.jobId());
        if (job != null && job.state == JobState.QUEUED) {
          started.add(startAttempt(job, start.workerId(), now, unpublished));
        }
      }
      return List.copyOf(started);
    });
  }

  /**
   * Starts one attempt. The change feed of a start is not part of the port's answer: its audit row is
   * written all the same, and its change goes to {@code unpublished}, one per batch of starts.
   */
  private Assignment startAttempt(MemoryJob job, String workerId, Instant now, Effects unpublished) {
    job.attempt++;
    job.workerId = workerId;
    job.startedAt = now;
    job.deadline = now.plusMillis(job.spec.timeoutMs());
    job.currentAttempt = new MemoryAttempt(job.id, job.spec.type(), job.attempt, workerId, tables.coordinatorId,
        job.queuedAt, now);
    tables.attempts.add(job.currentAttempt);
    tables.moveJob(job, JobState.RUNNING, now, null, unpublished);
    JsonObject inputs = new JsonObject();
    for (String dependency : job.spec.dependsOn()) {
      JsonObject result = job.workflow.job(dependency).result;
      inputs.put(dependency, result == null ? null : result.copy());
    }
    JsonObject payload = job.spec.payload() == null ? null : job.spec.payload().copy();
    return new Assignment(job.id, job.workflow.id, job.name(), job.attempt, job.spec.type(), job.spec.queue(),
        payload, inputs, job.spec.timeoutMs(), workerId, job.deadline, releasesDependant(job));
  }

  /** Whether the job's success alone releases a dependant (see {@link Assignment#releasesDependant()}). */
  private static boolean releasesDependant(MemoryJob job) {
    for (MemoryJob dependant : job.workflow.directDependants(job.name())) {
      if (dependant.pendingDeps == 1) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Future<ReportBatch> report(List<Report> batch) {
    return report(batch, EagerStarts.NONE);
  }

  @Override
  public Future<ReportBatch> report(List<Report> batch, EagerStarts eager) {
    return locked(() -> {
      Instant now = clock.instant();
      ReportBatch applied = reports.apply(batch, now);
      Effects effects = applied.effects();
      List<Assignment> started = new ArrayList<>();
      Effects unpublished = new Effects();
      for (StartAttempt start : eager.choose(effects.ready)) {
        MemoryJob job = tables.jobs.get(start.jobId());
        if (job != null && job.state == JobState.QUEUED) {
          started.add(startAttempt(job, start.workerId(), now, unpublished));
        }
      }
      effects.markStarted(started);
      return applied;
    });
  }

  @Override
  public Future<ReportBatch> report(List<Report> batch, Lease lease) {
    return locked(() -> {
      long seen = fences.getOrDefault(lease.name(), Long.MIN_VALUE);
      if (lease.fencingToken() < seen) {
        return ReportResult.staleLease(batch, lease);
      }
      fences.put(lease.name(), lease.fencingToken());
      return reports.apply(batch, clock.instant());
    });
  }

  @Override
  public Future<Effects> releaseDueRetries(Instant now) {
    return locked(() -> {
      Instant at = clock.instant();
      Effects effects = new Effects();
      for (MemoryJob job : tables.inState(JobState.RETRY_WAIT).stream().toList()) {
        if (!job.retryAt.isAfter(now)) {
          tables.moveJob(job, JobState.QUEUED, at, null, effects);
        }
      }
      return effects;
    });
  }

  @Override
  public Future<Outcome> cancel(UUID workflowId) {
    return locked(() -> {
      MemoryWorkflow workflow = tables.workflows.get(workflowId);
      if (workflow == null) {
        return Outcome.notFound("workflow " + workflowId + " not found");
      }
      if (workflow.state != WorkflowState.RUNNING) {
        return Outcome.conflict("workflow " + workflowId + " is " + workflow.state + ", not RUNNING");
      }
      Instant now = clock.instant();
      Effects effects = new Effects();
      JsonObject details = new JsonObject().put("reason", CANCEL_REASON);
      for (MemoryJob job : workflow.jobs) {
        if (job.state.isTerminal()) {
          continue;
        }
        if (job.state == JobState.RUNNING) {
          job.currentAttempt.finish(now, AttemptOutcome.CANCELLED, CANCEL_REASON);
          effects.cancels.add(new Effects.CancelOrder(job.id, job.attempt, job.workerId, CANCEL_REASON));
        }
        job.retryAt = null;
        tables.moveJob(job, JobState.CANCELLED, now, details.copy(), effects);
      }
      tables.moveWorkflow(workflow, WorkflowState.CANCELLED, now, effects);
      return Outcome.ok(effects);
    });
  }

  @Override
  public Future<Outcome> retry(UUID workflowId) {
    return locked(() -> {
      MemoryWorkflow workflow = tables.workflows.get(workflowId);
      if (workflow == null) {
        return Outcome.notFound("workflow " + workflowId + " not found");
      }
      if (workflow.state != WorkflowState.FAILED && workflow.state != WorkflowState.CANCELLED) {
        return Outcome.conflict("workflow " + workflowId + " is " + workflow.state + ", not FAILED or CANCELLED");
      }
      Instant now = clock.instant();
      Effects effects = new Effects();
      tables.moveWorkflow(workflow, WorkflowState.RUNNING, now, effects);
      for (MemoryJob job : workflow.jobs) {
        if (job.state.isRetriable()) {
          job.attemptBase = job.attempt; // the new run gets the policy's full count of attempts
          job.result = null;
          job.error = null;
          job.finishedAt = null;
          job.retryAt = null;
          job.pendingDeps = (int) job.spec.dependsOn().stream()
              .filter(dependency -> workflow.job(dependency).state != JobState.SUCCEEDED).count();
          tables.moveJob(job, Decider.initialState(job.pendingDeps), now, null, effects);
        }
      }
      return Outcome.ok(effects);
    });
  }

  @Override
  public Future<List<RunningAttempt>> runningOn(String workerId) {
    return locked(() -> tables.inState(JobState.RUNNING).stream()
        .filter(job -> job.workerId.equals(workerId)).map(MemoryJob::runningAttempt).toList());
  }

  @Override
  public Future<List<RunningAttempt>> overdue(Instant now, int limit) {
    return locked(() -> tables.inState(JobState.RUNNING).stream().map(MemoryJob::runningAttempt)
        .filter(a -> a.deadline() != null && a.deadline().isBefore(now))
        .sorted(java.util.Comparator.comparing(RunningAttempt::deadline)).limit(limit).toList());
  }

  @Override
  public Future<Recovery> recovery() {
    return locked(() -> new Recovery(
        queuedJobs(Integer.MAX_VALUE),
        tables.inState(JobState.RUNNING).stream().map(MemoryJob::runningAttempt).toList(),
        tables.inState(JobState.RETRY_WAIT).stream().map(MemoryJob::retryTimer).toList()));
  }

  @Override
  public Future<List<QueuedJob>> queued(int limit) {
    return locked(() -> queuedJobs(limit));
  }

  /** QUEUED jobs best first, as the queue would serve them. */
  private List<QueuedJob> queuedJobs(int limit) {
    return tables.inState(JobState.QUEUED).stream().map(MemoryJob::queuedJob).sorted().limit(limit).toList();
  }

  @Override
  public Future<Void> saveWorker(WorkerRecord worker) {
    return locked(() -> {
      tables.workers.put(worker.id(), worker);
      tables.removedWorkers.remove(worker.id());
      return null;
    });
  }

  @Override
  public Future<List<WorkerRecord>> workers() {
    return locked(() -> {
      Map<String, List<String>> running = new HashMap<>();
      for (MemoryJob job : tables.inState(JobState.RUNNING)) {
        running.computeIfAbsent(job.workerId, w -> new ArrayList<>()).add(job.id.toString());
      }
      return tables.workers.values().stream()
          .filter(worker -> !tables.removedWorkers.contains(worker.id()))
          .map(w -> new WorkerRecord(w.id(), w.name(), List.copyOf(w.queues()), List.copyOf(w.types()),
              w.concurrency(), w.coordinatorId(), w.connectedAt(), w.lastHeartbeat(),
              List.copyOf(running.getOrDefault(w.id(), List.of()))))
          .toList();
    });
  }

  @Override
  public Future<Void> removeWorker(String workerId) {
    return locked(() -> {
      if (tables.workers.containsKey(workerId)) {
        tables.removedWorkers.add(workerId);
      }
      return null;
    });
  }

  @Override
  public Future<JsonObject> analytics(Instant since) {
    return locked(() -> MemoryAnalytics.compute(tables, since, clock.instant()));
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /** Runs one critical section; a failure (a broken invariant) fails the future instead of throwing. */
  private <T> Future<T> locked(Supplier<T> work) {
    try {
      T value;
      synchronized (this) {
        value = work.get();
      }
      return Future.succeededFuture(value);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
