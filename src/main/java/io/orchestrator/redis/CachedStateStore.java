package io.orchestrator.redis;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Job;
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
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot cache in front of the state store, for {@link #workflow} and {@link #job}: read memory →
 * Redis → store; every write goes to the store first, then drops what it touched from Redis and
 * memory. Everything else is passed through.
 *
 * <p>What is cached, and why that is safe:
 * <ul>
 *   <li>Redis holds only <em>finished</em> snapshots: a workflow that is terminal with all its jobs
 *       terminal, and terminal jobs. Only a workflow retry (or, to be safe, a cancel) can change a
 *       finished entry again; those bump {@code cache:generation}, and a fill is stored only if the
 *       generation did not move since the filler read it (before reading the store). So a slow
 *       reader cannot put back a snapshot older than a retry that committed meanwhile.</li>
 *   <li>Memory holds only what can never change: SUCCEEDED workflows and SUCCEEDED jobs. So the
 *       local copy is never stale, even when another coordinator writes.</li>
 * </ul>
 * Redis being down or flushed makes reads miss (they go to the store), never fail. Returned objects
 * may be shared with other callers: treat them as read-only.
 */
public final class CachedStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachedStateStore.class);
  public static final int DEFAULT_LOCAL_ENTRIES = 10_000;
  public static final int DEFAULT_REDIS_ENTRIES = 10_000;

  private final StateStore store;
  private final RedisEntityCache redis;
  private final LocalLru<String, Object> local;

  public CachedStateStore(StateStore store, RedisConnector connector, RedisKeys keys) {
    this(store, connector, keys, DEFAULT_LOCAL_ENTRIES, DEFAULT_REDIS_ENTRIES, Clock.systemUTC());
  }

  public CachedStateStore(StateStore store, RedisConnector connector, RedisKeys keys, int localEntries,
      int redisEntries, Clock clock) {
    this.store = store;
    this.redis = new RedisEntityCache(connector, keys, redisEntries, clock);
    this.local = new LocalLru<>(localEntries);
  }

  // ---- reads: memory -> Redis -> store ---------------------------------------------------

  @Override
  public Future<Workflow> workflow(UUID id) {
    Object cached = local.get(workflowKey(id));
    if (cached != null) {
      return Future.succeededFuture((Workflow) cached);
    }
    return redis.workflow(id)
        .recover(e -> miss("workflow " + id, e))
        .compose(lookup -> {
          if (lookup.value() != null) {
            remember(lookup.value());
            return Future.succeededFuture(lookup.value());
          }
          return store.workflow(id).compose(found -> fill(found, lookup.generation()).map(found));
        });
  }

  @Override
  public Future<Job> job(UUID id) {
    Object cached = local.get(jobKey(id));
    if (cached != null) {
      return Future.succeededFuture((Job) cached);
    }
    return redis.job(id)
        .recover(e -> miss("job " + id, e))
        .compose(lookup -> {
          if (lookup.value() != null) {
            remember(lookup.value());
            return Future.succeededFuture(lookup.value());
          }
          return store.job(id).compose(found -> fill(found, lookup.generation()).map(found));
        });
  }

  /** Redis unreachable or answering nonsense: a miss, and a fill that will not be stored. */
  private <T> Future<RedisEntityCache.Lookup<T>> miss(String what, Throwable cause) {
    LOG.warn("Hot cache lookup of {} failed, reading the store: {}", what, cause.toString());
    return Future.succeededFuture(new RedisEntityCache.Lookup<>(null, null));
  }

  private Future<Void> fill(Workflow workflow, String generation) {
    if (workflow == null) {
      return Future.succeededFuture();
    }
    remember(workflow);
    if (generation == null || !isFinished(workflow)) {
      return Future.succeededFuture();
    }
    List<RedisEntityCache.Entry> entries = new ArrayList<>(1 + workflow.jobs().size());
    entries.add(new RedisEntityCache.Entry('w', workflow.id(), WorkflowJson.encode(workflow)));
    workflow.jobs().forEach(job -> entries.add(new RedisEntityCache.Entry('j', job.id(), JobJson.encode(job))));
    return store(generation, entries, "workflow " + workflow.id());
  }

  private Future<Void> fill(Job job, String generation) {
    if (job == null) {
      return Future.succeededFuture();
    }
    remember(job);
    if (generation == null || !job.state().isTerminal()) {
      return Future.succeededFuture();
    }
    return store(generation, List.of(new RedisEntityCache.Entry('j', job.id(), JobJson.encode(job))), "job " + job.id());
  }

  /** A failed fill only costs a later miss: log it, answer the read all the same. */
  private Future<Void> store(String generation, List<RedisEntityCache.Entry> entries, String what) {
    return redis.put(generation, entries)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Hot cache fill of {} failed: {}", what, e.toString());
          return Future.succeededFuture();
        });
  }

  private static boolean isFinished(Workflow workflow) {
    return workflow.state().isTerminal() && workflow.jobs().stream().allMatch(job -> job.state().isTerminal());
  }

  /** Keeps in memory what can never change again. */
  private void remember(Workflow workflow) {
    if (workflow.state() == WorkflowState.SUCCEEDED
        && workflow.jobs().stream().allMatch(job -> job.state() == JobState.SUCCEEDED)) {
      local.put(workflowKey(workflow.id()), workflow);
      workflow.jobs().forEach(this::remember);
    }
  }

  private void remember(Job job) {
    if (job.state() == JobState.SUCCEEDED) {
      local.put(jobKey(job.id()), job);
    }
  }

  // ---- writes: store first, then drop what they touched ----------------------------------

  /** New workflows and jobs (and replays, which change nothing): nothing cached can be about them. */
  @Override
  public Future<List<Submission>> submitAll(List<SubmitRequest> requests) {
    return store.submitAll(requests);
  }

  @Override
  public Future<List<Assignment>> start(List<StartAttempt> starts) {
    return store.start(starts).map(assignments -> {
      Set<String> touched = new LinkedHashSet<>();
      assignments.forEach(a -> {
        touched.add(workflowKey(a.workflowId()));
        touched.add(jobKey(a.jobId()));
      });
      forgetLocally(touched);
      return assignments;
    });
  }

  @Override
  public int startBatch() {
    return store.startBatch();
  }

  @Override
  public Future<ReportBatch> report(List<Report> reports) {
    return store.report(reports).map(this::forgetReported);
  }

  @Override
  public Future<ReportBatch> report(List<Report> reports, Lease lease) {
    return store.report(reports, lease).map(this::forgetReported);
  }

  @Override
  public Future<ReportBatch> report(List<Report> reports, EagerStarts eager) {
    return store.report(reports, eager).map(this::forgetReported);
  }

  private ReportBatch forgetReported(ReportBatch batch) {
    Set<String> touched = touched(batch.effects());
    batch.effects().started.forEach(a -> touched.add(jobKey(a.jobId())));
    for (ReportResult result : batch.results()) {
      if (result.applied()) {
        touched.add(jobKey(result.report().jobId()));
      }
    }
    forgetLocally(touched);
    return batch;
  }

  @Override
  public Future<Effects> releaseDueRetries(Instant now) {
    return store.releaseDueRetries(now).map(effects -> {
      forgetLocally(touched(effects));
      return effects;
    });
  }

  @Override
  public Future<Outcome> cancel(UUID workflowId) {
    return store.cancel(workflowId).compose(outcome -> {
      Set<String> touched = touched(outcome.effects());
      touched.add(workflowKey(workflowId));
      return invalidate(touched, true).map(outcome);
    });
  }

  @Override
  public Future<Outcome> retry(UUID workflowId) {
    return store.retry(workflowId).compose(outcome -> {
      Set<String> touched = touched(outcome.effects());
      touched.add(workflowKey(workflowId));
      return invalidate(touched, true).map(outcome);
    });
  }

  /** "w:{id}" and "j:{id}" of every workflow and job the changes moved. */
  private static Set<String> touched(Effects effects) {
    Set<String> touched = new LinkedHashSet<>();
    for (AuditEvent change : effects.changes) {
      if (AuditEvent.REPORT_REJECTED.equals(change.kind())) {
        continue; // changed nothing
      }
      if (change.workflowId() != null) {
        touched.add(workflowKey(change.workflowId()));
      }
      if (change.jobId() != null) {
        touched.add(jobKey(change.jobId()));
      }
    }
    return touched;
  }

  /**
   * For the hot path (start, report, due retries): these only change jobs and workflows that were
   * not finished, and only finished snapshots are ever cached (in Redis and in memory), so no cached
   * entry can be stale and Redis is not asked to drop anything: that call cost a Lua script per batch
   * for nothing. Only cancel and retry change finished workflows and jobs; they invalidate both
   * levels and bump the generation. The memory level is still cleared, as a guard that costs no
   * round trip.
   */
  private void forgetLocally(Set<String> touched) {
    touched.forEach(local::remove);
  }

  /**
   * Memory first (our own later reads must not see the old entry), then Redis. The store's change
   * is committed whatever happens here, so a Redis failure is logged, not returned: the entries it
   * failed to drop are finished snapshots that only a retry/cancel can outdate.
   */
  private Future<Void> invalidate(Set<String> touched, boolean bump) {
    forgetLocally(touched);
    if (touched.isEmpty() && !bump) {
      return Future.succeededFuture();
    }
    return redis.invalidate(touched, bump).recover(e -> {
      LOG.error("Hot cache invalidation of {} entries failed after a committed change; Redis may serve "
          + "stale finished snapshots of them until evicted", touched.size(), e);
      return Future.succeededFuture();
    });
  }

  private static String workflowKey(UUID id) {
    return "w:" + id;
  }

  private static String jobKey(UUID id) {
    return "j:" + id;
  }

  // ---- pass-through --------------------------------------------------------------------

  @Override
  public Future<Page<Workflow>> workflows(WorkflowState state, int limit, String cursor) {
    return store.workflows(state, limit, cursor);
  }

  @Override
  public Future<List<AuditEvent>> events(UUID workflowId) {
    return store.events(workflowId);
  }

  @Override
  public Future<List<RunningAttempt>> runningOn(String workerId) {
    return store.runningOn(workerId);
  }

  @Override
  public Future<List<RunningAttempt>> overdue(Instant now, int limit) {
    return store.overdue(now, limit);
  }

  @Override
  public Future<Recovery> recovery() {
    return store.recovery();
  }

  @Override
  public Future<List<QueuedJob>> queued(int limit) {
    return store.queued(limit);
  }

  @Override
  public Future<Void> saveWorker(WorkerRecord worker) {
    return store.saveWorker(worker);
  }

  @Override
  public Future<List<WorkerRecord>> workers() {
    return store.workers();
  }

  @Override
  public Future<Void> removeWorker(String workerId) {
    return store.removeWorker(workerId);
  }

  @Override
  public Future<JsonObject> analytics(Instant since) {
    return store.analytics(since);
  }

  @Override
  public Future<Void> ping() {
    return store.ping();
  }

  /** Closes the store; the Redis connector belongs to the caller. */
  @Override
  public Future<Void> close() {
    return store.close();
  }
}
