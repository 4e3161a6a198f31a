package io.orchestrator.memory;

import io.orchestrator.domain.AttemptOutcome;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Canonical;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.RetryTimer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies the ends of attempts (complete, fail, timeout, lost) to the memory tables: the fencing
 * checks, then the decisions of {@link Decider}. Called under the store's lock.
 */
final class MemoryReports {
  private final MemoryTables tables;

  MemoryReports(MemoryTables tables) {
    this.tables = tables;
  }

  ReportBatch apply(List<Report> reports, Instant now) {
    Effects effects = new Effects();
    List<ReportResult> results = new ArrayList<>(reports.size());
    for (Report report : reports) {
      results.add(applyOne(report, now, effects));
    }
    return new ReportBatch(results, effects);
  }

  private ReportResult applyOne(Report report, Instant now, Effects effects) {
    MemoryJob job = tables.jobs.get(report.jobId());
    if (job == null) {
      // No workflow to file an audit row under: the job id is unknown.
      return ReportResult.rejected(report, ReportResult.NOT_FOUND, "unknown job " + report.jobId());
    }
    if (job.state != JobState.RUNNING) {
      return reject(job, report, ReportResult.NOT_RUNNING, "job is " + job.state + ", not RUNNING", now);
    }
    if (job.attempt != report.attempt()) {
      return reject(job, report, ReportResult.STALE,
          "attempt " + report.attempt() + " is not the current attempt " + job.attempt, now);
    }
    if (!Objects.equals(job.workerId, report.workerId())) {
      return reject(job, report, ReportResult.NOT_OWNER, "attempt " + job.attempt + " runs on another worker", now);
    }
    if (report.kind() == Report.Kind.COMPLETE) {
      succeed(job, report.result(), now, effects);
    } else {
      fail(job, report, now, effects);
    }
    tables.settle(job.workflow, now, effects);
    return ReportResult.applied(report);
  }

  /** A rejected report changes nothing but the audit trail. */
  private ReportResult reject(MemoryJob job, Report report, String code, String message, Instant now) {
    JsonObject details = new JsonObject().put("code", code).put("report", report.kind().name());
    tables.audit(job.workflow, job, AuditEvent.REPORT_REJECTED, job.state.name(), job.state.name(),
        report.attempt(), report.workerId(), now, details);
    return ReportResult.rejected(report, code, message);
  }

  private void succeed(MemoryJob job, JsonObject result, Instant now, Effects effects) {
    job.currentAttempt.finish(now, AttemptOutcome.SUCCEEDED, null);
    job.result = Canonical.copyOf(result);
    job.error = null;
    tables.moveJob(job, JobState.SUCCEEDED, now, null, effects);
    for (MemoryJob dependant : job.workflow.directDependants(job.name())) {
      dependant.pendingDeps--;
      if (Decider.isReleased(dependant.state, dependant.pendingDeps)) {
        tables.moveJob(dependant, JobState.QUEUED, now, null, effects);
      }
    }
  }

  private void fail(MemoryJob job, Report report, Instant now, Effects effects) {
    job.currentAttempt.finish(now, outcomeOf(report.kind()), report.error());
    job.error = report.error();
    JsonObject details = new JsonObject().put("error", report.error()).put("outcome", outcomeOf(report.kind()).name());
    Decider.AfterFailure next = Decider.afterFailure(job.spec.retry(), job.attempt - job.attemptBase,
        outcomeOf(report.kind()), report.retryable(), now);
    if (next instanceof Decider.RetryNow) {
      tables.moveJob(job, JobState.QUEUED, now, details, effects);
    } else if (next instanceof Decider.RetryAt at) {
      job.retryAt = at.at();
      tables.moveJob(job, JobState.RETRY_WAIT, now, details, effects);
      effects.retries.add(new RetryTimer(job.id, at.at()));
    } else {
      tables.moveJob(job, JobState.FAILED, now, details, effects);
      skipDependants(job, now, effects);
    }
  }

  /** A job that failed for good takes every (transitive) dependant with it; other branches run on. */
  private void skipDependants(MemoryJob failed, Instant now, Effects effects) {
    JsonObject details = new JsonObject().put("reason", "upstream " + failed.name() + " failed");
    for (String name : Decider.dependantsOf(failed.workflow.dependsOn(), failed.name())) {
      MemoryJob dependant = failed.workflow.job(name);
      if (!dependant.state.isTerminal()) {
        tables.moveJob(dependant, JobState.SKIPPED, now, details.copy(), effects);
      }
    }
  }

  private static AttemptOutcome outcomeOf(Report.Kind kind) {
    return switch (kind) {
      case FAIL -> AttemptOutcome.FAILED;
      case TIMEOUT -> AttemptOutcome.TIMED_OUT;
      case LOST -> AttemptOutcome.LOST;
      case COMPLETE -> AttemptOutcome.SUCCEEDED;
    };
  }
}
