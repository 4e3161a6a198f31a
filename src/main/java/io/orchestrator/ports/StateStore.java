package io.orchestrator.ports;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Workflow and job state, the audit trail and analytics: the source of truth (memory or PostgreSQL).
 *
 * <p>Every method is one atomic change (one transaction in PostgreSQL) that also writes its audit rows.
 * Transitions are conditional: a report is applied only if the job is RUNNING with that attempt on
 * that worker; otherwise it is rejected, audited, and nothing changes. The returned {@link Effects}
 * describe the follow-up work (enqueue, timers, cancels); they are computed from committed state.
 * Lookups of unknown ids complete with null.
 */
public interface StateStore {

  /**
   * Stores a new workflow with all its jobs (roots QUEUED, others BLOCKED) — or, when
   * {@code idempotencyKey} was seen before, returns that workflow and creates nothing.
   */
  default Future<Submission> submit(WorkflowSpec spec, String idempotencyKey) {
    return submitAll(List.of(new SubmitRequest(spec, idempotencyKey))).map(all -> all.get(0));
  }

  /**
   * Stores several workflows in one atomic change: all of them or, on failure, none. One answer
   * per request, in order; a request whose idempotency key was seen before (in an earlier call)
   * gets that workflow and creates nothing. Keys must be distinct within one call.
   */
  Future<List<Submission>> submitAll(List<SubmitRequest> requests);

  Future<Workflow> workflow(UUID id);

  /** Newest first; {@code state} may be null (any); {@code cursor} is null for the first page. */
  Future<Page<Workflow>> workflows(WorkflowState state, int limit, String cursor);

  Future<Job> job(UUID id);

  /** The audit trail of one workflow, oldest first; null when the workflow is unknown. */
  Future<List<AuditEvent>> events(UUID workflowId);

  /**
   * Starts the next attempt of each job that is still QUEUED (attempt + 1, RUNNING on that worker,
   * deadline = now + timeout) and returns those started; the others are left out.
   */
  Future<List<Assignment>> start(List<StartAttempt> starts);

  /**
   * How many jobs one dispatch round should start per worker at most. A store whose start is one
   * statement per call (PostgreSQL) does best with rounds as large as the free slots: each round
   * costs a statement, and splitting a round of 50 in four cost 20 % of durable W1. A store whose
   * start is a local call (memory) does better with small rounds: the first jobs are on their way to
   * the worker while the next are started, instead of every stage waiting for the whole round
   * (docs/performance.md, eighth round).
   */
  default int startBatch() {
    return Integer.MAX_VALUE;
  }

  /** Applies attempt ends (complete, fail, timeout, lost), fenced by job, attempt and worker. */
  Future<ReportBatch> report(List<Report> reports);

  /**
   * Like {@link #report(List)}, done under a lease: applied only while {@code lease}'s fencing token is
   * the highest this store has seen for that lease name (it records it, atomically with the batch).
   * A holder whose lease was taken over by a newer grant gets every report rejected with
   * {@link ReportResult#STALE_LEASE} and changes nothing.
   */
  Future<ReportBatch> report(List<Report> reports, Lease lease);

  /**
   * {@link #report(List)}, and in the same transaction starts released dependants on the slots that
   * {@code eager} offers (as {@link #start} would): they come back in the effects' {@code started},
   * not in its {@code ready}.
   */
  Future<ReportBatch> report(List<Report> reports, EagerStarts eager);

  /** Moves RETRY_WAIT jobs whose time has come to QUEUED; the effects list them as ready. */
  Future<Effects> releaseDueRetries(Instant now);

  /** Cancels a RUNNING workflow: open jobs CANCELLED, running ones listed as cancel orders. */
  Future<Outcome> cancel(UUID workflowId);

  /** Re-runs the failed, cancelled and skipped jobs of a FAILED or CANCELLED workflow. */
  Future<Outcome> retry(UUID workflowId);

  /** The RUNNING attempts on this worker (to reap them when it is gone). */
  Future<List<RunningAttempt>> runningOn(String workerId);

  /**
   * RUNNING attempts whose deadline passed before {@code now}, oldest deadline first, at most
   * {@code limit}: the backstop for attempts no scheduler watches (a start whose answer was lost).
   */
  Future<List<RunningAttempt>> overdue(Instant now, int limit);

  /** Everything a starting coordinator must re-arm. */
  Future<Recovery> recovery();

  /** QUEUED jobs (for the sweeper that re-enqueues what the queue lost), at most {@code limit}. */
  Future<List<QueuedJob>> queued(int limit);

  /** Records a connected worker (insert or update) in the registry. */
  Future<Void> saveWorker(WorkerRecord worker);

  /** Workers in the registry that are not removed, with their RUNNING job ids. */
  Future<List<WorkerRecord>> workers();

  /** Marks a worker as gone from the registry. */
  Future<Void> removeWorker(String workerId);

  /** The analytics summary of API.md since {@code since}. */
  Future<JsonObject> analytics(Instant since);

  /** Liveness of the backing service (for /health): fails when it is unreachable. */
  Future<Void> ping();

  /** Releases connections. */
  Future<Void> close();
}
