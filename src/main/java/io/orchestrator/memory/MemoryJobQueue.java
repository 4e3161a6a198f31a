package io.orchestrator.memory;

import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.QueueHead;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.RetryTimer;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The ready-job queue in process memory: one ordered set per queue (QueuedJob's own order, the same
 * as the Redis sorted set's) and an index by job id for idempotent enqueue and removal.
 * Synchronized: verticles on several event loops may share it.
 */
public final class MemoryJobQueue implements JobQueue {
  /** The name of the queue that a null or blank queue name means (as in Redis). */
  public static final String DEFAULT_QUEUE = "default";

  private final Map<String, TreeSet<QueuedJob>> queues = new HashMap<>();
  private final Map<UUID, QueuedJob> byId = new HashMap<>();

  /** Delayed retries: job id → due time (ms). */
  private final Map<UUID, Long> delayed = new HashMap<>();

  @Override
  public synchronized Future<Void> enqueue(List<QueuedJob> jobs) {
    for (QueuedJob job : jobs) {
      if (byId.putIfAbsent(job.jobId(), job) == null) {
        queues.computeIfAbsent(name(job.queue()), q -> new TreeSet<>()).add(job);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<QueuedJob>> claim(String queue, Set<String> types, int max) {
    TreeSet<QueuedJob> waiting = queues.get(name(queue));
    List<QueuedJob> claimed = new ArrayList<>();
    if (waiting == null || max <= 0) {
      return Future.succeededFuture(claimed);
    }
    for (Iterator<QueuedJob> it = waiting.iterator(); it.hasNext() && claimed.size() < max; ) {
      QueuedJob job = it.next();
      if (types.isEmpty() || types.contains(job.type())) {
        it.remove();
        byId.remove(job.jobId());
        claimed.add(withQueueName(job));
      }
    }
    return Future.succeededFuture(claimed);
  }

  @Override
  public synchronized Future<QueueHead> head(String queue) {
    TreeSet<QueuedJob> waiting = queues.get(name(queue));
    QueuedJob first = waiting == null || waiting.isEmpty() ? null : waiting.first();
    return Future.succeededFuture(first == null ? null : new QueueHead(first.score(), first.jobId()));
  }

  @Override
  public synchronized Future<Void> remove(List<QueuedJob> jobs) {
    for (QueuedJob job : jobs) {
      QueuedJob queued = byId.get(job.jobId());
      // Only from the queue named, as Redis does: a wrong name removes nothing.
      if (queued != null && name(queued.queue()).equals(name(job.queue()))) {
        byId.remove(job.jobId());
        queues.get(name(queued.queue())).remove(queued);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> delay(List<RetryTimer> timers) {
    for (RetryTimer timer : timers) {
      delayed.put(timer.jobId(), timer.dueAt().toEpochMilli());
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<UUID>> takeDue(Instant now, int max) {
    List<UUID> due = delayed.entrySet().stream()
        .filter(e -> e.getValue() <= now.toEpochMilli())
        .sorted(Map.Entry.<UUID, Long>comparingByValue().thenComparing(e -> e.getKey().toString()))
        .limit(max).map(Map.Entry::getKey).toList();
    due.forEach(delayed::remove);
    return Future.succeededFuture(due);
  }

  @Override
  public synchronized Future<Map<String, Long>> depths() {
    Map<String, Long> depths = new TreeMap<>();
    queues.forEach((name, waiting) -> {
      if (!waiting.isEmpty()) {
        depths.put(name, (long) waiting.size());
      }
    });
    return Future.succeededFuture(depths);
  }

  private static String name(String queue) {
    return queue == null || queue.isBlank() ? DEFAULT_QUEUE : queue;
  }

  private static QueuedJob withQueueName(QueuedJob job) {
    String name = name(job.queue());
    return name.equals(job.queue()) ? job
        : new QueuedJob(job.jobId(), job.workflowId(), name, job.type(), job.workflowPriority(), job.jobPriority());
  }
}
