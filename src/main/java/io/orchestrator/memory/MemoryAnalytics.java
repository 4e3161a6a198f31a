package io.orchestrator.memory;

import io.orchestrator.domain.AttemptOutcome;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Percentiles;
import io.orchestrator.domain.Times;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.WorkerRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics summary computed from the memory tables. Windows: workflows and jobs created at or
 * after {@code since}; attempts assigned at or after {@code since}; throughput over completions in the
 * last 60 minutes (and not before {@code since}). Called under the store's lock.
 */
final class MemoryAnalytics {
  private MemoryAnalytics() {}

  static JsonObject compute(MemoryTables tables, Instant since, Instant now) {
    Map<String, Integer> workflows = zeroCounts(WorkflowState.values());
    Map<String, Integer> jobs = zeroCounts(JobState.values());
    int succeeded = 0;
    int terminal = 0;
    for (MemoryWorkflow workflow : tables.workflows.values()) {
      if (workflow.createdAt.isBefore(since)) {
        continue;
      }
      workflows.merge(workflow.state.name(), 1, Integer::sum);
      terminal += workflow.state.isTerminal() ? 1 : 0;
      succeeded += workflow.state == WorkflowState.SUCCEEDED ? 1 : 0;
      workflow.jobs.forEach(job -> jobs.merge(job.state.name(), 1, Integer::sum));
    }
    List<MemoryAttempt> attempts = tables.attempts.stream().filter(a -> !a.assignedAt.isBefore(since)).toList();
    return new JsonObject()
        .put("since", Times.format(since))
        .put("workflows", new JsonObject(new TreeMap<String, Object>(workflows)))
        .put("jobs", new JsonObject(new TreeMap<String, Object>(jobs)))
        .put("success_rate", terminal == 0 ? null : (double) succeeded / terminal)
        .put("job_duration_ms", durations(attempts))
        .put("queue_wait_ms", Percentiles.summary(attempts.stream()
            .filter(a -> a.queuedAt != null)
            .map(a -> millis(a.queuedAt, a.assignedAt)).toList()))
        .put("throughput_per_minute", throughput(tables.attempts, since, now))
        .put("top_failing_types", topFailing(attempts))
        .put("workers", workers(tables, attempts, since, now));
  }

  private static Map<String, Integer> zeroCounts(Enum<?>[] states) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Enum<?> state : states) {
      counts.put(state.name(), 0);
    }
    return counts;
  }

  private static JsonObject durations(List<MemoryAttempt> attempts) {
    Map<String, List<Long>> byType = new TreeMap<>();
    for (MemoryAttempt attempt : attempts) {
      if (attempt.outcome == AttemptOutcome.SUCCEEDED) {
        byType.computeIfAbsent(attempt.jobType, t -> new ArrayList<>()).add(millis(attempt.assignedAt, attempt.finishedAt));
      }
    }
    JsonObject json = new JsonObject();
    byType.forEach((type, values) -> json.put(type, Percentiles.summary(values)));
    return json;
  }

  /** Completed (succeeded) attempts per minute, oldest minute first, only minutes with completions. */
  private static JsonArray throughput(Collection<MemoryAttempt> all, Instant since, Instant now) {
    Instant from = now.minus(Duration.ofMinutes(60));
    Instant start = since.isAfter(from) ? since : from;
    Map<Instant, Integer> perMinute = new TreeMap<>();
    for (MemoryAttempt attempt : all) {
      if (attempt.outcome == AttemptOutcome.SUCCEEDED && !attempt.finishedAt.isBefore(start)) {
        perMinute.merge(attempt.finishedAt.truncatedTo(ChronoUnit.MINUTES), 1, Integer::sum);
      }
    }
    JsonArray json = new JsonArray();
    perMinute.forEach((minute, count) -> json.add(new JsonObject()
        .put("minute", Times.format(minute)).put("completed", count)));
    return json;
  }

  /** Job types by failed attempts (failed, timed out, lost), most first, then by name; at most 5. */
  private static JsonArray topFailing(List<MemoryAttempt> attempts) {
    Map<String, Integer> failures = new TreeMap<>();
    for (MemoryAttempt attempt : attempts) {
      if (attempt.outcome != null && attempt.outcome != AttemptOutcome.SUCCEEDED
          && attempt.outcome != AttemptOutcome.CANCELLED) {
        failures.merge(attempt.jobType, 1, Integer::sum);
      }
    }
    JsonArray json = new JsonArray();
    failures.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5)
        .forEach(entry -> json.add(new JsonObject().put("type", entry.getKey()).put("failures", entry.getValue())));
    return json;
  }

  /**
   * Per worker: attempts, busy time (an unfinished attempt counts until now) and utilisation = busy
   * time over the window's capacity (window length times the worker's concurrency, when known).
   */
  private static JsonArray workers(MemoryTables tables, List<MemoryAttempt> attempts, Instant since, Instant now) {
    Map<String, long[]> perWorker = new TreeMap<>(); // {attempts, busy ms}
    for (MemoryAttempt attempt : attempts) {
      long[] sums = perWorker.computeIfAbsent(attempt.workerId, w -> new long[2]);
      sums[0]++;
      sums[1] += millis(attempt.assignedAt, attempt.finishedAt == null ? now : attempt.finishedAt);
    }
    long windowMs = Math.max(0, millis(since, now));
    JsonArray json = new JsonArray();
    perWorker.forEach((workerId, sums) -> {
      WorkerRecord worker = tables.workers.get(workerId);
      Double utilisation = worker == null || worker.concurrency() <= 0 || windowMs == 0
          ? null : (double) sums[1] / ((double) windowMs * worker.concurrency());
      json.add(new JsonObject().put("worker_id", workerId).put("attempts", sums[0]).put("busy_ms", sums[1])
          .put("utilisation", utilisation));
    });
    return json;
  }

  private static long millis(Instant from, Instant to) {
    return Duration.between(from, to).toMillis();
  }
}
