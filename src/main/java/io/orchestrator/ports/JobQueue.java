package io.orchestrator.ports;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ready-job queue: one priority queue per named queue. Holds job ids and the little that
 * matching needs (type, priorities); the state store stays the truth, so a claim that loses a race
 * simply fails to start the job there.
 */
public interface JobQueue {

  /** Adds ready jobs; adding a job id that is already queued changes nothing. */
  Future<Void> enqueue(List<QueuedJob> jobs);

  /**
   * Atomically removes and returns up to {@code max} jobs of {@code queue}, best first, whose type is
   * in {@code types} (an empty set takes any type). Two concurrent claimers never get the same job.
   */
  Future<List<QueuedJob>> claim(String queue, Set<String> types, int max);

  /** The job that {@code queue} would hand out next, whatever its type; null when the queue is empty. */
  Future<QueueHead> head(String queue);

  /** Removes these job ids from their queue if present (a cancelled workflow). */
  Future<Void> remove(List<QueuedJob> jobs);

  /**
   * Records jobs waiting out a retry backoff until their due time (Redis: {@code queue:delayed}, a
   * sorted set by due time). The store keeps them RETRY_WAIT; this is the shared schedule that any
   * coordinator can act on when they fall due.
   */
  Future<Void> delay(List<RetryTimer> timers);

  /** Atomically removes and returns up to {@code max} delayed job ids due at {@code now}, earliest first. */
  Future<List<UUID>> takeDue(Instant now, int max);

  /** Number of jobs waiting in each non-empty queue. */
  Future<Map<String, Long>> depths();
}
