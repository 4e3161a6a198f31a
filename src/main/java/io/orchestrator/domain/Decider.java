package io.orchestrator.domain;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure decisions of the job life cycle. Both state stores (memory and PostgreSQL) apply these;
 * none of them touches storage, time sources or Vert.x.
 */
public final class Decider {
  private static final JobState[] STATES = JobState.values();

  private Decider() {}

  /** What happens to a job whose attempt failed (reported failure, timeout, lost worker). */
  public sealed interface AfterFailure permits RetryNow, RetryAt, GiveUp {}

  /** Retry without delay: the job goes straight back to QUEUED. */
  public record RetryNow() implements AfterFailure {}

  /** Retry after backoff: the job waits in RETRY_WAIT until {@code at}. */
  public record RetryAt(Instant at) implements AfterFailure {}

  /** No attempts left, or the error is not retryable: the job is FAILED. */
  public record GiveUp(String reason) implements AfterFailure {}

  /**
   * Attempts lost with their worker (it died, or vanished with its coordinator) are the
   * infrastructure's fault, not the job's: they may go this far past the retry budget, so that a job
   * without retries survives a worker crash, while a job that kills every worker still ends.
   */
  public static final int LOST_ALLOWANCE = 3;

  /** Like {@link #afterFailure(RetryPolicy, int, boolean, Instant)}, with the allowance for lost attempts. */
  public static AfterFailure afterFailure(RetryPolicy retry, int attemptsUsed, AttemptOutcome outcome, boolean retryable,
      Instant now) {
    if (outcome != AttemptOutcome.LOST) {
      return afterFailure(retry, attemptsUsed, retryable, now);
    }
    if (attemptsUsed >= retry.maxAttempts() + LOST_ALLOWANCE) {
      return new GiveUp("worker lost on " + attemptsUsed + " attempts");
    }
    long delay = Math.min(retry.delayAfter(attemptsUsed), retry.maxDelayMs());
    return delay <= 0 ? new RetryNow() : new RetryAt(now.plusMillis(delay));
  }

  /**
   * Decides the fate of a failed attempt. {@code attemptsUsed} counts the attempts of the current run,
   * including the one that just failed.
   */
  public static AfterFailure afterFailure(RetryPolicy retry, int attemptsUsed, boolean retryable, Instant now) {
    if (!retryable) {
      return new GiveUp("error is not retryable");
    }
    if (attemptsUsed >= retry.maxAttempts()) {
      return new GiveUp("no attempts left (" + attemptsUsed + " of " + retry.maxAttempts() + ")");
    }
    long delay = retry.delayAfter(attemptsUsed);
    return delay <= 0 ? new RetryNow() : new RetryAt(now.plusMillis(delay));
  }

  /** A dependant is released when its last unfinished dependency succeeds while it still waits. */
  public static boolean isReleased(JobState dependantState, int unfinishedDependenciesLeft) {
    return dependantState == JobState.BLOCKED && unfinishedDependenciesLeft == 0;
  }

  /**
   * Every job that (transitively) depends on {@code failed}: these are SKIPPED when it fails for good.
   * {@code dependsOn} maps each job name to the names it depends on. Order: breadth first.
   */
  public static Set<String> dependantsOf(Map<String, ? extends Collection<String>> dependsOn, String failed) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(failed));
    while (!pending.isEmpty()) {
      String current = pending.removeFirst();
      dependsOn.forEach((job, deps) -> {
        if (deps.contains(current) && found.add(job)) {
          pending.addLast(job);
        }
      });
    }
    return found;
  }

  /**
   * The workflow's state once its jobs are in these states: RUNNING while any job is not terminal;
   * then CANCELLED if any job was cancelled, FAILED if any failed or was skipped, else SUCCEEDED.
   */
  public static WorkflowState workflowOutcome(Map<JobState, Integer> jobsPerState) {
    int[] byOrdinal = new int[STATES.length];
    jobsPerState.forEach((state, count) -> byOrdinal[state.ordinal()] = count);
    return workflowOutcome(byOrdinal);
  }

  /** {@link #workflowOutcome(Map)} with the counts indexed by {@link JobState#ordinal()}. */
  public static WorkflowState workflowOutcome(int[] jobsPerState) {
    int open = 0;
    for (JobState state : STATES) {
      if (!state.isTerminal()) {
        open += jobsPerState[state.ordinal()];
      }
    }
    if (open > 0) {
      return WorkflowState.RUNNING;
    }
    if (jobsPerState[JobState.CANCELLED.ordinal()] > 0) {
      return WorkflowState.CANCELLED;
    }
    if (jobsPerState[JobState.FAILED.ordinal()] > 0 || jobsPerState[JobState.SKIPPED.ordinal()] > 0) {
      return WorkflowState.FAILED;
    }
    return WorkflowState.SUCCEEDED;
  }

  /** The state a job takes when its run (re)starts: QUEUED when nothing is left to wait for. */
  public static JobState initialState(int unfinishedDependencies) {
    return unfinishedDependencies == 0 ? JobState.QUEUED : JobState.BLOCKED;
  }
}
