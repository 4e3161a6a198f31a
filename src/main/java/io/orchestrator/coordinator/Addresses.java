package io.orchestrator.coordinator;

import java.util.concurrent.atomic.AtomicInteger;

/** Event-bus addresses: the contracts between the coordinator's verticles. */
public final class Addresses {
  private Addresses() {}

  // Every HTTP API event loop runs its own scheduler for the workers whose sessions it holds (see
  // Scheduler): what a session asks of its scheduler goes to that scheduler's addresses (Shard),
  // what concerns every scheduler is published on the shared ones.

  /** Publish (no body): new ready work may be in the queue; schedulers claim. */
  public static final String WAKE = "orchestrator.scheduler.wake";
  /** Request {worker}: a worker said hello on this coordinator (per scheduler: {@link Shard#joined}). */
  public static final String WORKER_JOINED = "orchestrator.scheduler.worker.joined";
  /** Publish {worker_id, drained}: a worker's session ended. */
  public static final String WORKER_LEFT = "orchestrator.workers.left";
  /** Send {worker_id}: the worker asked to drain (per scheduler). */
  public static final String WORKER_DRAINING = "orchestrator.scheduler.worker.draining";
  /** Send {worker_id, running: [job ids]}: heartbeat, for adopting resumed jobs (per scheduler). */
  public static final String WORKER_HEARTBEAT = "orchestrator.scheduler.worker.heartbeat";
  /**
   * Request {@link WorkerReports}: reply {frame: "..."} (the ack and error answers) once the batch is
   * durable (per scheduler).
   */
  public static final String REPORTS = "orchestrator.scheduler.reports";
  /**
   * Send {worker_id, session_id}: that session was replaced by a newer one of the same worker, maybe
   * on another event loop; its scheduler forgets it without reaping (per scheduler).
   */
  public static final String WORKER_REPLACED = "orchestrator.scheduler.worker.replaced";
  /** Send {workflow_id?}: a command changed state; the monitor re-arms retry timers. */
  public static final String RETRY_TIMERS = "orchestrator.monitor.retries";
  /** Publish {orders: [{job_id, attempt, worker_id, reason}]}: stop these attempts on their workers. */
  public static final String CANCELS = "orchestrator.scheduler.cancels";

  /** The field of a session message that carries a frame's text written already (assignments). */
  public static final String FRAME = "frame";

  /** One scheduler's own addresses: the base addresses above with the scheduler's number appended. */
  public record Shard(String joined, String draining, String heartbeat, String reports, String replaced) {
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** The addresses of a new scheduler, unique within the process. */
    public static Shard next() {
      String n = "." + NEXT.incrementAndGet();
      return new Shard(WORKER_JOINED + n, WORKER_DRAINING + n, WORKER_HEARTBEAT + n, REPORTS + n, WORKER_REPLACED + n);
    }
  }

  /** Send {messages: [...]} or {frame: "..."}: frames for the worker's session (its own address). */
  public static String session(String workerId) {
    return "orchestrator.gateway.worker." + workerId;
  }
}
