package io.orchestrator.worker;

import io.orchestrator.domain.Deadlines;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The attempts this worker runs: admission (capacity, known type), the timeout, cancellation, and
 * turning a handler's outcome into exactly one report. An attempt that was cancelled or timed out
 * leaves the map first, so its late result is recognised and dropped. Confined to one context.
 *
 * <p>The fallback timeouts share one {@link Deadlines} heap, checked every {@link #TICK_MS} ms while
 * any attempt has one, instead of a timer set and cancelled per job (4.6 % of a worker's CPU in
 * memory W1, docs/performance.md, tenth round).
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  static final long TIMEOUT_GRACE_MS = 2000;
  /** How often the fallback timeouts are checked: they fire up to this much after their time. */
  static final long TICK_MS = 100;

  private record Running(JobContext ctx) {
  }

  private final Vertx vertx;
  private final HandlerRegistry registry;
  private final int concurrency;
  private final Consumer<Outgoing> reports;
  private final JobContext.ProgressSink progress;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Deadlines<String, Running> deadlines = new Deadlines<>();
  /** The periodic check of {@link #deadlines}, or -1 while no attempt has a deadline. */
  private long tick = -1;

  JobRunner(Vertx vertx, HandlerRegistry registry, int concurrency,
            Consumer<Outgoing> reports, JobContext.ProgressSink progress) {
    this.vertx = vertx;
    this.registry = registry;
    this.concurrency = concurrency;
    this.reports = reports;
    this.progress = progress;
  }

  /** Starts an assigned attempt, or answers it with a fail report when it cannot run here. */
  void start(JobAssignment job) {
    Running current = running.get(job.jobId());
    if (current != null) {
      int runningAttempt = current.ctx().attempt();
      if (runningAttempt >= job.attempt()) {
        log.warn("ignoring assign of job {} attempt {}: attempt {} already runs here",
            job.jobId(), job.attempt(), runningAttempt);
        return;
      }
      // The coordinator moved on to a newer attempt, so the old one is over: stop it silently.
      stop(job.jobId(), "superseded by attempt " + job.attempt());
    }
    if (running.size() >= concurrency) {
      log.warn("rejecting job {} attempt {}: at capacity ({})", job.jobId(), job.attempt(), concurrency);
      reports.accept(Reports.fail(job.jobId(), job.attempt(), "worker at capacity", true));
      return;
    }
    JobHandler handler = registry.get(job.type());
    if (handler == null) {
      reports.accept(Reports.fail(job.jobId(), job.attempt(), "no handler for type " + job.type(), false));
      return;
    }
    JobContext ctx = new JobContext(vertx, job, progress);
    Running entry = new Running(ctx);
    running.put(job.jobId(), entry);
    if (job.timeoutMs() > 0) {
      // The coordinator owns the deadline (it fails the attempt and sends cancel); this one is the
      // fallback for a coordinator that is unreachable, so it comes a little later.
      deadlines.put(job.jobId(), entry, nowMillis() + job.timeoutMs() + TIMEOUT_GRACE_MS);
      if (tick < 0) {
        tick = vertx.setPeriodic(TICK_MS, id -> expire());
      }
    }
    invoke(handler, ctx).onComplete(ar -> finished(entry, ar));
  }

  /** Runs a handler, turning a synchronous throw into a failed future. */
  static Future<JsonObject> invoke(JobHandler handler, JobContext ctx) {
    try {
      Future<JsonObject> f = handler.handle(ctx);
      return f == null ? Future.failedFuture(new IllegalStateException("handler returned no future")) : f;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The coordinator cancelled the attempt: it has ended it already, so nothing is reported. */
  boolean cancel(String jobId, Integer attempt, String reason) {
    Running r = running.get(jobId);
    if (r == null || (attempt != null && attempt != r.ctx().attempt())) {
      log.debug("cancel for job {} attempt {} which does not run here", jobId, attempt);
      return false;
    }
    stop(jobId, reason);
    return true;
  }

  /** Cancels everything (worker stopping without its jobs ending); nothing is reported. */
  void cancelAll(String reason) {
    List.copyOf(running.keySet()).forEach(id -> stop(id, reason));
    stopTick();
  }

  List<String> runningJobIds() {
    return List.copyOf(running.keySet());
  }

  int size() {
    return running.size();
  }

  private void stop(String jobId, String reason) {
    Running r = running.remove(jobId);
    if (r != null) {
      deadlines.remove(jobId);
      r.ctx().cancel(reason);
    }
  }

  private void expire() {
    for (Running r : deadlines.expired(nowMillis())) {
      timedOut(r.ctx());
    }
    if (deadlines.size() == 0) {
      stopTick();
    }
  }

  private void stopTick() {
    if (tick >= 0) {
      vertx.cancelTimer(tick);
      tick = -1;
    }
  }

  private static long nowMillis() {
    return System.nanoTime() / 1_000_000;
  }

  private void timedOut(JobContext ctx) {
    Running r = running.get(ctx.jobId());
    if (r == null || r.ctx() != ctx) {
      return;
    }
    stop(ctx.jobId(), "timeout");
    reports.accept(Reports.fail(ctx.jobId(), ctx.attempt(), "timed out after " + ctx.timeoutMs() + " ms", true));
  }

  private void finished(Running entry, AsyncResult<JsonObject> ar) {
    JobContext ctx = entry.ctx();
    if (running.get(ctx.jobId()) != entry) {
      log.debug("dropping late outcome of job {} attempt {} ({})", ctx.jobId(), ctx.attempt(), ctx.cancelReason());
      return;
    }
    running.remove(ctx.jobId());
    deadlines.remove(ctx.jobId());
    if (ar.succeeded()) {
      reports.accept(Reports.complete(ctx.jobId(), ctx.attempt(), ar.result()));
    } else {
      Throwable e = ar.cause();
      boolean retryable = !(e instanceof JobFailure jf) || jf.retryable();
      String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      log.info("job {} attempt {} ({}) failed: {}", ctx.jobId(), ctx.attempt(), ctx.type(), message);
      reports.accept(Reports.fail(ctx.jobId(), ctx.attempt(), message, retryable));
    }
  }
}
