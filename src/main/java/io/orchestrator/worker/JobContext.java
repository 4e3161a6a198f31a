package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a handler sees of one attempt: the assignment, Vert.x, a progress channel and cooperative
 * cancellation. Cancellation happens when the coordinator cancels the attempt or its timeout
 * expires; a cancelled attempt's result is never reported, so handlers only need to stop work.
 */
public final class JobContext {
  private static final Logger log = LoggerFactory.getLogger(JobContext.class);

  /** Where progress goes; the runtime sends it to the coordinator. */
  @FunctionalInterface
  public interface ProgressSink {
    void progress(JobAssignment job, int percent, String message);
  }

  private final Vertx vertx;
  private final JobAssignment job;
  private final ProgressSink progressSink;
  private final Promise<Void> cancelled = Promise.promise();
  private final List<Handler<Void>> cancelHandlers = new ArrayList<>();
  private String cancelReason;

  public JobContext(Vertx vertx, JobAssignment job, ProgressSink progressSink) {
    this.vertx = vertx;
    this.job = job;
    this.progressSink = progressSink;
  }

  public String jobId() { return job.jobId(); }
  public String workflowId() { return job.workflowId(); }
  public String jobName() { return job.jobName(); }
  public int attempt() { return job.attempt(); }
  public String type() { return job.type(); }
  public JsonObject payload() { return job.payload(); }
  public JsonObject inputs() { return job.inputs(); }
  /** The attempt's deadline in ms from its start; 0 when none was given. */
  public long timeoutMs() { return job.timeoutMs(); }
  public Vertx vertx() { return vertx; }
  public JobAssignment assignment() { return job; }

  /** Reports progress (best effort: progress is not re-sent after a reconnect). */
  public void progress(int percent, String message) {
    if (!isCancelled()) {
      progressSink.progress(job, Math.max(0, Math.min(100, percent)), message);
    }
  }

  public boolean isCancelled() {
    return cancelled.future().isComplete();
  }

  /** Why the attempt was cancelled, or null. */
  public String cancelReason() {
    return cancelReason;
  }

  /** Completes when the attempt is cancelled. */
  public Future<Void> cancelled() {
    return cancelled.future();
  }

  /** Runs {@code handler} on cancellation (at once when already cancelled). */
  public void onCancel(Handler<Void> handler) {
    if (isCancelled()) {
      runCancelHandler(handler);
    } else {
      cancelHandlers.add(handler);
    }
  }

  /** Cancels the attempt: called by the runtime (or tests); idempotent. */
  public void cancel(String reason) {
    if (isCancelled()) {
      return;
    }
    cancelReason = reason;
    cancelled.complete();
    List<Handler<Void>> handlers = List.copyOf(cancelHandlers);
    cancelHandlers.clear();
    handlers.forEach(this::runCancelHandler);
  }

  private void runCancelHandler(Handler<Void> handler) {
    try {
      handler.handle(null);
    } catch (RuntimeException e) {
      log.warn("cancel handler of job {} attempt {} failed", job.jobId(), job.attempt(), e);
    }
  }
}
