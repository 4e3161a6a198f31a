package io.orchestrator.postgres;

import io.orchestrator.domain.AttemptOutcome;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.RetryTimer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The pure part of a report batch: checks each report against the jobs as locked and read (and as
 * changed by earlier reports of the same batch), and plans the fenced updates, attempt outcomes,
 * audit rows and effects. No SQL here.
 */
final class ReportPlan {
  /** A reported job as read inside the transaction; state/attempt/worker move as the batch applies. */
  static final class JobView {
    final UUID id;
    final UUID workflowId;
    final String name;
    final String type;
    final String queue;
    final int priority;
    final int workflowPriority;
    final int attemptBase;
    /** The job's retry policy as stored: parsed only for a failure, the one report that reads it. */
    private final String retryJson;
    private RetryPolicy retry;
    final boolean hasDependants;
    JobState state;
    int attempt;
    String workerId;

    JobView(Row row, Reader at) {
      id = row.getUUID(at.id);
      workflowId = row.getUUID(at.workflowId);
      name = row.getString(at.name);
      type = row.getString(at.type);
      queue = row.getString(at.queue);
      priority = row.getInteger(at.priority);
      workflowPriority = row.getInteger(at.workflowPriority);
      attemptBase = row.getInteger(at.attemptBase);
      retryJson = row.getString(at.retry);
      hasDependants = row.getBoolean(at.hasDependants);
      state = JobState.valueOf(row.getString(at.state));
      attempt = row.getInteger(at.attempt);
      workerId = row.getString(at.workerId);
    }

    /** Where a result's columns are, found once for all its rows. */
    static final class Reader {
      final int id;
      final int workflowId;
      final int name;
      final int type;
      final int queue;
      final int priority;
      final int workflowPriority;
      final int attemptBase;
      final int retry;
      final int hasDependants;
      final int state;
      final int attempt;
      final int workerId;

      Reader(RowSet<Row> rows) {
        Columns columns = new Columns(rows);
        id = columns.of("id");
        workflowId = columns.of("workflow_id");
        name = columns.of("name");
        type = columns.of("type");
        queue = columns.of("queue");
        priority = columns.of("priority");
        workflowPriority = columns.of("wf_priority");
        attemptBase = columns.of("attempt_base");
        retry = columns.of("retry");
        hasDependants = columns.of("has_dependants");
        state = columns.of("state");
        attempt = columns.of("attempt");
        workerId = columns.of("worker_id");
      }
    }

    QueuedJob queued() {
      return new QueuedJob(id, workflowId, queue, type, workflowPriority, priority);
    }

    RetryPolicy retry() {
      if (retry == null) {
        retry = RetryPolicy.fromJson(new JsonObject(retryJson));
      }
      return retry;
    }
  }

  /** One fenced job update: from RUNNING (attempt, worker) to {@code state}. */
  record Transition(UUID jobId, int attempt, String workerId, JobState state, JsonObject result, String error,
      Instant finishedAt, Instant retryAt, Instant queuedAt, AttemptOutcome outcome) {}

  final List<ReportResult> results = new ArrayList<>();
  final List<Transition> transitions = new ArrayList<>();
  /**
   * Jobs that succeeded and have dependants: their dependants' pending counts go down (a batch of
   * jobs nothing depends on skips that statement).
   */
  final List<UUID> completed = new ArrayList<>();
  /** Jobs failed for good: their transitive dependants are skipped. */
  final List<JobView> failedForGood = new ArrayList<>();
  /** Workflows whose jobs changed: they may have finished. */
  final Set<UUID> touchedWorkflows = new LinkedHashSet<>();
  final Effects effects = new Effects();

  ReportPlan(List<Report> reports, Map<UUID, JobView> jobs, Instant now, AuditRows audit) {
    Map<UUID, JobView> views = new HashMap<>(jobs);
    for (Report report : reports) {
      JobView job = views.get(report.jobId());
      String code = rejection(report, job);
      if (code != null) {
        results.add(ReportResult.rejected(report, code, message(code, report, job)));
        if (job != null) { // an unknown job has no workflow whose trail could hold the rejection
          audit.add(job.workflowId, job.id, AuditEvent.REPORT_REJECTED, job.state.name(), job.state.name(),
              report.attempt(), report.workerId(),
              new JsonObject().put("code", code).put("report", report.kind().name()));
        }
        continue;
      }
      results.add(ReportResult.applied(report));
      apply(report, job, now, audit);
    }
  }

  private static String rejection(Report report, JobView job) {
    if (job == null) {
      return ReportResult.NOT_FOUND;
    }
    if (job.state != JobState.RUNNING) {
      return ReportResult.NOT_RUNNING;
    }
    if (job.attempt != report.attempt()) {
      return ReportResult.STALE;
    }
    if (!job.workerId.equals(report.workerId())) {
      return ReportResult.NOT_OWNER;
    }
    return null;
  }

  private static String message(String code, Report report, JobView job) {
    return switch (code) {
      case ReportResult.NOT_FOUND -> "unknown job " + report.jobId();
      case ReportResult.NOT_RUNNING -> "job is " + job.state + ", not RUNNING";
      case ReportResult.STALE -> "attempt " + report.attempt() + " is not the current attempt " + job.attempt;
      default -> "job " + job.id + " is not assigned to worker " + report.workerId();
    };
  }

  private void apply(Report report, JobView job, Instant now, AuditRows audit) {
    touchedWorkflows.add(job.workflowId);
    JobState from = job.state;
    Transition transition;
    JsonObject details = null;
    if (report.kind() == Report.Kind.COMPLETE) {
      transition = new Transition(job.id, job.attempt, job.workerId, JobState.SUCCEEDED, report.result(), null,
          now, null, null, AttemptOutcome.SUCCEEDED);
      if (job.hasDependants) {
        completed.add(job.id);
      }
    } else {
      AttemptOutcome outcome = switch (report.kind()) {
        case TIMEOUT -> AttemptOutcome.TIMED_OUT;
        case LOST -> AttemptOutcome.LOST;
        default -> AttemptOutcome.FAILED;
      };
      details = new JsonObject().put("error", report.error()).put("outcome", outcome.name());
      Decider.AfterFailure next = Decider.afterFailure(job.retry(), job.attempt - job.attemptBase, outcome,
          report.retryable(), now);
      if (next instanceof Decider.RetryNow) {
        transition = new Transition(job.id, job.attempt, job.workerId, JobState.QUEUED, null, report.error(),
            null, null, now, outcome);
        effects.ready.add(job.queued());
      } else if (next instanceof Decider.RetryAt at) {
        transition = new Transition(job.id, job.attempt, job.workerId, JobState.RETRY_WAIT, null, report.error(),
            null, Rows.micros(at.at()), null, outcome);
        effects.retries.add(new RetryTimer(job.id, Rows.micros(at.at())));
      } else {
        transition = new Transition(job.id, job.attempt, job.workerId, JobState.FAILED, null, report.error(),
            now, null, null, outcome);
        failedForGood.add(job);
      }
    }
    transitions.add(transition);
    audit.add(job.workflowId, job.id, AuditEvent.JOB_STATE, from.name(), transition.state().name(), job.attempt,
        job.workerId, details);
    job.state = transition.state();
  }
}
