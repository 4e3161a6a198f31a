package io.orchestrator.postgres;

import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Times;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics summary, computed in SQL with the same windows and definitions as the memory store:
 * workflows and jobs created since {@code since}; attempts assigned since; throughput over the last
 * 60 minutes; nearest-rank percentiles ({@code percentile_disc}); durations in whole milliseconds.
 */
final class PgAnalytics {
  private static final String MS = "floor(extract(epoch FROM %s) * 1000)::int8";
  private static final String PERCENTILES = "count(*)::int AS n, percentile_disc(0.5) WITHIN GROUP (ORDER BY d) AS p50,"
      + " percentile_disc(0.95) WITHIN GROUP (ORDER BY d) AS p95, percentile_disc(0.99) WITHIN GROUP (ORDER BY d) AS p99";

  private static final String WORKFLOWS = "SELECT state, count(*)::int AS n FROM workflows WHERE created_at >= $1 GROUP BY state";
  private static final String JOBS = "SELECT j.state, count(*)::int AS n FROM jobs j JOIN workflows w ON w.id = j.workflow_id"
      + " WHERE w.created_at >= $1 GROUP BY j.state";
  private static final String DURATIONS = "SELECT job_type, " + PERCENTILES + " FROM (SELECT job_type, "
      + String.format(MS, "finished_at - assigned_at") + " AS d FROM job_assignments"
      + " WHERE assigned_at >= $1 AND outcome = 'SUCCEEDED') a GROUP BY job_type ORDER BY job_type";
  private static final String QUEUE_WAIT = "SELECT " + PERCENTILES + " FROM (SELECT "
      + String.format(MS, "assigned_at - queued_at") + " AS d FROM job_assignments"
      + " WHERE assigned_at >= $1 AND queued_at IS NOT NULL) a";
  private static final String THROUGHPUT = "SELECT date_trunc('minute', finished_at) AS minute, count(*)::int AS n"
      + " FROM job_assignments WHERE outcome = 'SUCCEEDED' AND finished_at >= $1 GROUP BY 1 ORDER BY 1";
  private static final String FAILING = "SELECT job_type, count(*)::int AS n FROM job_assignments"
      + " WHERE assigned_at >= $1 AND outcome IS NOT NULL AND outcome NOT IN ('SUCCEEDED', 'CANCELLED')"
      + " GROUP BY job_type ORDER BY n DESC, job_type LIMIT 5";
  private static final String WORKERS = "SELECT a.worker_id, count(*)::int8 AS attempts,"
      + " sum(" + String.format(MS, "coalesce(a.finished_at, $2) - a.assigned_at") + ")::int8 AS busy,"
      + " max(w.concurrency) AS concurrency FROM job_assignments a LEFT JOIN workers w ON w.id = a.worker_id"
      + " WHERE a.assigned_at >= $1 GROUP BY a.worker_id";

  private final Transactions tx;

  PgAnalytics(Transactions tx) {
    this.tx = tx;
  }

  Future<JsonObject> analytics(Instant since, Instant now) {
    Tuple bySince = Tuple.of(Rows.ts(since));
    Instant hourAgo = now.minus(Duration.ofMinutes(60));
    Tuple byThroughput = Tuple.of(Rows.ts(since.isAfter(hourAgo) ? since : hourAgo));
    Future<RowSet<Row>> workflows = query(WORKFLOWS, bySince);
    Future<RowSet<Row>> jobs = query(JOBS, bySince);
    Future<RowSet<Row>> durations = query(DURATIONS, bySince);
    Future<RowSet<Row>> queueWait = query(QUEUE_WAIT, bySince);
    Future<RowSet<Row>> throughput = query(THROUGHPUT, byThroughput);
    Future<RowSet<Row>> failing = query(FAILING, bySince);
    Future<RowSet<Row>> workers = query(WORKERS, Tuple.of(Rows.ts(since), Rows.ts(now)));
    return Future.all(List.of(workflows, jobs, durations, queueWait, throughput, failing, workers)).map(done -> {
      Map<String, Object> workflowCounts = counts(workflows.result(), WorkflowState.values());
      int terminal = 0;
      for (WorkflowState state : WorkflowState.values()) {
        terminal += state.isTerminal() ? (Integer) workflowCounts.get(state.name()) : 0;
      }
      int succeeded = (Integer) workflowCounts.get(WorkflowState.SUCCEEDED.name());
      JsonObject durationsJson = new JsonObject();
      durations.result().forEach(row -> durationsJson.put(row.getString("job_type"), summary(row)));
      JsonArray throughputJson = new JsonArray();
      throughput.result().forEach(row -> throughputJson.add(new JsonObject()
          .put("minute", Times.format(Rows.instant(row, "minute"))).put("completed", row.getInteger("n"))));
      JsonArray failingJson = new JsonArray();
      failing.result().forEach(row -> failingJson.add(new JsonObject()
          .put("type", row.getString("job_type")).put("failures", row.getInteger("n"))));
      return new JsonObject()
          .put("since", Times.format(since))
          .put("workflows", new JsonObject(workflowCounts))
          .put("jobs", new JsonObject(counts(jobs.result(), JobState.values())))
          .put("success_rate", terminal == 0 ? null : (double) succeeded / terminal)
          .put("job_duration_ms", durationsJson)
          .put("queue_wait_ms", summary(queueWait.result().iterator().next()))
          .put("throughput_per_minute", throughputJson)
          .put("top_failing_types", failingJson)
          .put("workers", workers(workers.result(), Math.max(0, Duration.between(since, now).toMillis())));
    });
  }

  /**
   * Planned for its window ({@code since}): a generic plan, made without it, was up to 3× slower for 7 days. A
   * window may cover most of a table, so a sequential scan is allowed again (the sessions' default is off:
   * DatabaseUrl).
   */
  private Future<RowSet<Row>> query(String sql, Tuple args) {
    return tx.run("analytics", connection -> connection.query(
            "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL enable_seqscan = on").execute()
        .compose(set -> connection.preparedQuery(sql).execute(args)));
  }

  private static Map<String, Object> counts(RowSet<Row> rows, Enum<?>[] states) {
    Map<String, Object> counts = new TreeMap<>();
    for (Enum<?> state : states) {
      counts.put(state.name(), 0);
    }
    rows.forEach(row -> counts.put(row.getString("state"), row.getInteger("n")));
    return counts;
  }

  private static JsonObject summary(Row row) {
    return new JsonObject().put("count", row.getInteger("n")).put("p50", row.getLong("p50"))
        .put("p95", row.getLong("p95")).put("p99", row.getLong("p99"));
  }

  /** Sorted by worker id in Java (as the memory store does), not by the database's collation. */
  private static JsonArray workers(RowSet<Row> rows, long windowMs) {
    Map<String, JsonObject> byId = new TreeMap<>();
    for (Row row : rows) {
      long busy = row.getLong("busy");
      Integer concurrency = row.getInteger("concurrency");
      Double utilisation = concurrency == null || concurrency <= 0 || windowMs == 0
          ? null : (double) busy / ((double) windowMs * concurrency);
      byId.put(row.getString("worker_id"), new JsonObject().put("worker_id", row.getString("worker_id"))
          .put("attempts", row.getLong("attempts")).put("busy_ms", busy).put("utilisation", utilisation));
    }
    JsonArray json = new JsonArray();
    byId.values().forEach(json::add);
    return json;
  }
}
