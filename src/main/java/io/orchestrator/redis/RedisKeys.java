package io.orchestrator.redis;

/**
 * Every Redis key name in one place. The names are public contract (operators look for them); a
 * prefix (default "") lets tests, or several deployments sharing one Redis, keep apart.
 */
public final class RedisKeys {
  /** The queue name whose sorted set is the bare {@code queue:pending_jobs}. */
  public static final String DEFAULT_QUEUE = "default";

  private final String prefix;

  public RedisKeys(String prefix) {
    this.prefix = prefix == null ? "" : prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** A null or blank queue name means the default queue. */
  public static String queueName(String queue) {
    return queue == null || queue.isBlank() ? DEFAULT_QUEUE : queue;
  }

  /** {@code queue:pending_jobs} for the default queue, {@code queue:pending_jobs:{queue}} otherwise. */
  public String pendingJobs(String queue) {
    String name = queueName(queue);
    return name.equals(DEFAULT_QUEUE) ? prefix + "queue:pending_jobs" : prefix + "queue:pending_jobs:" + name;
  }

  /** Hash job id → "workflowPriority|jobPriority|workflowId|type": what a claim needs to match. */
  /** Sorted set of job ids waiting out a retry backoff, scored by due time (ms). */
  public String delayed() {
    return prefix + "queue:delayed";
  }

  public String jobMeta() {
    return prefix + "queue:job_meta";
  }

  /** Set of the queue names ever enqueued to, so that depths() needs no SCAN. */
  public String queueNames() {
    return prefix + "queue:names";
  }

  public String activeWorkers() {
    return prefix + "set:active_workers";
  }

  public String activeCoordinators() {
    return prefix + "set:active_coordinators";
  }

  public String coordinatorHeartbeatPrefix() {
    return prefix + "coordinator:heartbeat:";
  }

  public String heartbeatPrefix() {
    return prefix + "worker:heartbeat:";
  }

  public String heartbeat(String workerId) {
    return heartbeatPrefix() + workerId;
  }

  public String lock(String name) {
    return prefix + "lock:" + name;
  }

  /** Counter of grants of a lock: the fencing token. It outlives the lock key on purpose. */
  public String lockFence(String name) {
    return prefix + "lock:" + name + ":fence";
  }
  /** Pub/sub channel of state changes: each message is a JSON array of changes. */
  /** Pub/sub channel of coordinator-to-coordinator signals (wake-ups, cancel orders). */
  public String signalsChannel() {
    return prefix + "events:signals";
  }

  public String changesChannel() {
    return prefix + "events:changes";
  }

  /** Hash counter name → total (HINCRBY), shared by every coordinator. */
  public String counters() {
    return prefix + "metrics:counters";
  }

  /** Hash workflow id → JSON snapshot (with jobs) of a finished workflow. */
  public String cacheWorkflows() {
    return prefix + "cache:workflows";
  }

  /** Hash job id → JSON snapshot of a finished job. */
  public String cacheJobs() {
    return prefix + "cache:jobs";
  }

  /** Sorted set "w:{id}" / "j:{id}" → insertion time (ms): the eviction order of both cache hashes. */
  public String cacheIndex() {
    return prefix + "cache:index";
  }

  /** Counter bumped by every change that may alter a cached (finished) entry: fences late cache fills. */
  public String cacheGeneration() {
    return prefix + "cache:generation";
  }
}
