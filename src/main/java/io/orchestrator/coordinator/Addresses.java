package io.orchestrator.coordinator;

/** Event-bus addresses: the contracts between the coordinator's verticles. */
public final class Addresses {
  private Addresses() {}

  /** Publish (no body): new ready work may be in the queue; schedulers claim. */
  public static final String WAKE = "orchestrator.scheduler.wake";
  /** Request {worker}: a worker said hello on this coordinator. */
  public static final String WORKER_JOINED = "orchestrator.scheduler.worker.joined";
  /** Publish {worker_id, drained}: a worker's session ended. */
  public static final String WORKER_LEFT = "orchestrator.workers.left";
  /** Send {worker_id}: the worker asked to drain. */
  public static final String WORKER_DRAINING = "orchestrator.scheduler.worker.draining";
  /** Send {worker_id, running: [job ids]}: heartbeat, for adopting resumed jobs. */
  public static final String WORKER_HEARTBEAT = "orchestrator.scheduler.worker.heartbeat";
  /** Request {@link WorkerReports}: reply {frame: "..."} (the ack and error answers) once the batch is durable. */
  public static final String REPORTS = "orchestrator.scheduler.reports";
  /** Send {workflow_id?}: a command changed state; the monitor re-arms retry timers. */
  public static final String RETRY_TIMERS = "orchestrator.monitor.retries";
  /** Publish {orders: [{job_id, attempt, worker_id, reason}]}: stop these attempts on their workers. */
  public static final String CANCELS = "orchestrator.scheduler.cancels";

  /** The field of a session message that carries a frame's text written already (assignments). */
  public static final String FRAME = "frame";

  /** Send {messages: [...]} or {frame: "..."}: frames for the worker's session (its own address). */
  public static String session(String workerId) {
    return "orchestrator.gateway.worker." + workerId;
  }
}
