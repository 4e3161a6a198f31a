package io.orchestrator.ports;

import io.orchestrator.domain.Ids;
import java.util.UUID;

/**
 * A ready job as the queue holds it. Order: higher {@code workflowPriority}, then higher
 * {@code jobPriority}, then the smaller (older) job id first: ids are time-ordered UUIDv7 given at
 * submission, so ties go to the older workflow ("finish what was started") and FIFO within it.
 */
public record QueuedJob(
    UUID jobId, UUID workflowId, String queue, String type, int workflowPriority, int jobPriority)
    implements Comparable<QueuedJob> {

  /** Priorities are validated into [-MAX_PRIORITY, MAX_PRIORITY]; the score stays an exact double. */
  public static final int MAX_PRIORITY = 1000;

  /** The sorted-set score: lower runs first. Ties are broken by the job id's text. */
  public double score() {
    return -((double) workflowPriority * 10_000 + jobPriority);
  }

  @Override
  public int compareTo(QueuedJob other) {
    return order(score(), jobId, other.score(), other.jobId);
  }

  /** Whether this job runs before the one at the head of its queue (null: the queue is empty). */
  public boolean goesBefore(QueueHead head) {
    return head == null || order(score(), jobId, head.score(), head.jobId()) < 0;
  }

  private static int order(double score, UUID id, double otherScore, UUID otherId) {
    int byScore = Double.compare(score, otherScore);
    // Ties by the ids' text, as Redis orders equal scores.
    return byScore != 0 ? byScore : Ids.compare(id, otherId);
  }
}
