package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
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
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.RunningAttempt;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.orchestrator.ports.WorkerRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The state store on PostgreSQL, the source of truth, through the reactive client. Each method is
 * one transaction (often one statement) with its audit rows; each concern lives in its own class.
 * Times come from {@code clock} (so tests can move time), written at microsecond precision.
 */
public final class PgStateStore implements StateStore {
  private final Pool pool;
  private final Clock clock;
  private final PgQueries queries;
  private final PgSubmit submits;
  private final PgStart starts;
  private final PgReport reports;
  private final PgCommands commands;
  private final PgWorkers workers;
  private final PgAnalytics analytics;

  public PgStateStore(Pool pool, String coordinatorId) {
    this(pool, coordinatorId, Clock.systemUTC());
  }

  public PgStateStore(Pool pool, String coordinatorId, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    Transactions tx = new Transactions(pool);
    this.queries = new PgQueries(tx);
    this.submits = new PgSubmit(tx, queries, coordinatorId);
    this.starts = new PgStart(tx, coordinatorId);
    this.reports = new PgReport(tx, coordinatorId, starts);
    this.commands = new PgCommands(tx, coordinatorId);
    this.workers = new PgWorkers(tx);
    this.analytics = new PgAnalytics(tx);
  }

  /**
   * Starts keeping the planner's statistics of the hot tables fresh ({@link StatisticsKeeper}); the
   * answer stops it. A coordinator does this; a store used for one command (migrate, tests) need not.
   */
  public Future<Supplier<Future<Void>>> keepStatistics(Vertx vertx) {
    StatisticsKeeper keeper = new StatisticsKeeper(vertx, pool);
    return keeper.start().map(v -> keeper::stop);
  }

  private Instant now() {
    return Rows.micros(clock.instant());
  }

  @Override
  public Future<List<Submission>> submitAll(List<SubmitRequest> requests) {
    return submits.submitAll(requests, now());
  }

  @Override
  public Future<Workflow> workflow(UUID id) {
    return queries.workflow(id);
  }

  @Override
  public Future<Page<Workflow>> workflows(WorkflowState state, int limit, String cursor) {
    return queries.workflows(state, limit, cursor);
  }

  @Override
  public Future<Job> job(UUID id) {
    return queries.job(id);
  }

  @Override
  public Future<List<AuditEvent>> events(UUID workflowId) {
    return queries.events(workflowId);
  }

  @Override
  public Future<List<Assignment>> start(List<StartAttempt> list) {
    return starts.start(list, now());
  }

  @Override
  public Future<ReportBatch> report(List<Report> list) {
    return reports.report(list, now());
  }

  @Override
  public Future<ReportBatch> report(List<Report> list, Lease lease) {
    return reports.report(list, lease, now());
  }

  @Override
  public Future<ReportBatch> report(List<Report> list, EagerStarts eager) {
    return reports.report(list, eager, now());
  }

  @Override
  public Future<Effects> releaseDueRetries(Instant due) {
    return commands.releaseDueRetries(due, now());
  }

  @Override
  public Future<Outcome> cancel(UUID workflowId) {
    return commands.cancel(workflowId, now());
  }

  @Override
  public Future<Outcome> retry(UUID workflowId) {
    return commands.retry(workflowId, now());
  }

  @Override
  public Future<List<RunningAttempt>> runningOn(String workerId) {
    return queries.runningOn(workerId);
  }

  @Override
  public Future<List<RunningAttempt>> overdue(Instant now, int limit) {
    return queries.overdue(now, limit);
  }

  @Override
  public Future<Recovery> recovery() {
    return queries.recovery();
  }

  @Override
  public Future<List<QueuedJob>> queued(int limit) {
    return queries.queued(limit);
  }

  @Override
  public Future<Void> saveWorker(WorkerRecord worker) {
    return workers.save(worker);
  }

  @Override
  public Future<List<WorkerRecord>> workers() {
    return workers.list();
  }

  @Override
  public Future<Void> removeWorker(String workerId) {
    return workers.remove(workerId, now());
  }

  @Override
  public Future<JsonObject> analytics(Instant since) {
    return analytics.analytics(since, now());
  }

  @Override
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute()
        .recover(error -> Future.failedFuture(SqlErrors.translate("ping", error)))
        .mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
