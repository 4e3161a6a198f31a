package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure decisions of the job life cycle, and the backoff arithmetic they rely on. */
class DeciderTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  /** 100 ms, doubling, capped at 1 s. */
  private static final RetryPolicy BACKOFF = new RetryPolicy(10, 100, 2.0, 1_000);

  // ---- afterFailure ----------------------------------------------------------------------------

  @Test
  void notRetryableGivesUpEvenWithAttemptsLeft() {
    assertThat(Decider.afterFailure(BACKOFF, 1, false, NOW))
        .isEqualTo(new Decider.GiveUp("error is not retryable"));
  }

  @Test
  void noAttemptsLeftGivesUp() {
    RetryPolicy three = new RetryPolicy(3, 100, 2.0, 1_000);
    assertThat(Decider.afterFailure(three, 3, true, NOW))
        .isEqualTo(new Decider.GiveUp("no attempts left (3 of 3)"));
    assertThat(Decider.afterFailure(three, 4, true, NOW)).isInstanceOf(Decider.GiveUp.class);
    assertThat(Decider.afterFailure(RetryPolicy.NONE, 1, true, NOW)).isInstanceOf(Decider.GiveUp.class);
  }

  @Test
  void retryableWithAttemptsLeftWaitsTheBackoff() {
    assertThat(Decider.afterFailure(BACKOFF, 1, true, NOW)).isEqualTo(new Decider.RetryAt(NOW.plusMillis(100)));
    assertThat(Decider.afterFailure(BACKOFF, 2, true, NOW)).isEqualTo(new Decider.RetryAt(NOW.plusMillis(200)));
    assertThat(Decider.afterFailure(BACKOFF, 3, true, NOW)).isEqualTo(new Decider.RetryAt(NOW.plusMillis(400)));
    assertThat(Decider.afterFailure(BACKOFF, 5, true, NOW)).as("capped")
        .isEqualTo(new Decider.RetryAt(NOW.plusMillis(1_000)));
  }

  @Test
  void zeroDelayRetriesAtOnce() {
    RetryPolicy immediate = new RetryPolicy(3, 0, 2.0, 10_000);
    assertThat(Decider.afterFailure(immediate, 1, true, NOW)).isEqualTo(new Decider.RetryNow());
    assertThat(Decider.afterFailure(immediate, 2, true, NOW)).isEqualTo(new Decider.RetryNow());
    assertThat(Decider.afterFailure(immediate, 3, true, NOW)).isInstanceOf(Decider.GiveUp.class);
    RetryPolicy zeroCap = new RetryPolicy(3, 500, 2.0, 0);
    assertThat(Decider.afterFailure(zeroCap, 1, true, NOW)).as("a zero cap means no wait").isEqualTo(new Decider.RetryNow());
  }

  // ---- RetryPolicy -----------------------------------------------------------------------------

  @Test
  void delayGrowsByTheMultiplierUpToTheCap() {
    assertThat(BACKOFF.delayAfter(1)).isEqualTo(100);
    assertThat(BACKOFF.delayAfter(2)).isEqualTo(200);
    assertThat(BACKOFF.delayAfter(3)).isEqualTo(400);
    assertThat(BACKOFF.delayAfter(4)).isEqualTo(800);
    assertThat(BACKOFF.delayAfter(5)).isEqualTo(1_000);
    assertThat(BACKOFF.delayAfter(60)).as("no overflow far out").isEqualTo(1_000);
    assertThat(BACKOFF.delayAfter(0)).as("attempt 0 is treated as the first").isEqualTo(100);
  }

  @Test
  void fractionalMultiplierAndFlatPolicy() {
    assertThat(new RetryPolicy(5, 1_000, 1.5, 60_000).delayAfter(3)).isEqualTo(2_250);
    assertThat(new RetryPolicy(5, 300, 1.0, 60_000).delayAfter(4)).isEqualTo(300);
  }

  @Test
  void policyJsonRoundTripsAndDefaultsMissingFields() {
    assertThat(RetryPolicy.fromJson(new io.vertx.core.json.JsonObject(JsonBytes.write(64, BACKOFF::writeJson)))).isEqualTo(BACKOFF);
    assertThat(RetryPolicy.fromJson(null)).isEqualTo(RetryPolicy.NONE);
    assertThat(RetryPolicy.fromJson(new io.vertx.core.json.JsonObject().put("max_attempts", 4)))
        .isEqualTo(new RetryPolicy(4, 200, 2.0, 10_000));
  }

  // ---- isReleased ------------------------------------------------------------------------------

  @Test
  void aBlockedJobIsReleasedWhenNoDependencyIsLeft() {
    assertThat(Decider.isReleased(JobState.BLOCKED, 0)).isTrue();
    assertThat(Decider.isReleased(JobState.BLOCKED, 1)).isFalse();
    for (JobState other : JobState.values()) {
      if (other != JobState.BLOCKED) {
        assertThat(Decider.isReleased(other, 0)).as(other.name()).isFalse();
      }
    }
  }

  // ---- dependantsOf ----------------------------------------------------------------------------

  /** a -> (b, c) -> d */
  private static Map<String, List<String>> diamond() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("a", List.of());
    deps.put("b", List.of("a"));
    deps.put("c", List.of("a"));
    deps.put("d", List.of("b", "c"));
    return deps;
  }

  @Test
  void dependantsOfADiamondRoot() {
    assertThat(Decider.dependantsOf(diamond(), "a")).containsExactly("b", "c", "d");
  }

  @Test
  void dependantsOfADiamondBranchLeaveTheOtherBranch() {
    assertThat(Decider.dependantsOf(diamond(), "b")).containsExactly("d");
    assertThat(Decider.dependantsOf(diamond(), "d")).isEmpty();
  }

  @Test
  void dependantsOfAChainAreTransitiveBreadthFirst() {
    Map<String, List<String>> chain = new LinkedHashMap<>();
    chain.put("d", List.of("c"));
    chain.put("a", List.of());
    chain.put("c", List.of("b"));
    chain.put("b", List.of("a"));
    chain.put("x", List.of());
    assertThat(Decider.dependantsOf(chain, "a")).containsExactly("b", "c", "d");
    assertThat(Decider.dependantsOf(chain, "c")).containsExactly("d");
    assertThat(Decider.dependantsOf(chain, "x")).isEmpty();
  }

  // ---- workflowOutcome -------------------------------------------------------------------------

  private static Map<JobState, Integer> counts(Object... stateThenCount) {
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (int i = 0; i < stateThenCount.length; i += 2) {
      counts.put((JobState) stateThenCount[i], (Integer) stateThenCount[i + 1]);
    }
    return counts;
  }

  @Test
  void runningWhileAnyJobIsOpen() {
    for (JobState open : List.of(JobState.BLOCKED, JobState.QUEUED, JobState.RUNNING, JobState.RETRY_WAIT)) {
      assertThat(Decider.workflowOutcome(counts(JobState.FAILED, 1, JobState.CANCELLED, 1, open, 1)))
          .as(open.name()).isEqualTo(WorkflowState.RUNNING);
    }
  }

  @Test
  void zeroCountsOfOpenStatesDoNotKeepItRunning() {
    assertThat(Decider.workflowOutcome(counts(JobState.RUNNING, 0, JobState.QUEUED, 0, JobState.SUCCEEDED, 3)))
        .isEqualTo(WorkflowState.SUCCEEDED);
  }

  @Test
  void terminalOutcomesInOrderOfPrecedence() {
    assertThat(Decider.workflowOutcome(counts(JobState.SUCCEEDED, 2))).isEqualTo(WorkflowState.SUCCEEDED);
    assertThat(Decider.workflowOutcome(counts(JobState.SUCCEEDED, 2, JobState.FAILED, 1)))
        .isEqualTo(WorkflowState.FAILED);
    assertThat(Decider.workflowOutcome(counts(JobState.SUCCEEDED, 2, JobState.SKIPPED, 1)))
        .isEqualTo(WorkflowState.FAILED);
    assertThat(Decider.workflowOutcome(counts(JobState.FAILED, 1, JobState.CANCELLED, 1)))
        .as("cancel wins over failure").isEqualTo(WorkflowState.CANCELLED);
    assertThat(Decider.workflowOutcome(counts())).as("no jobs").isEqualTo(WorkflowState.SUCCEEDED);
  }

  // ---- initialState ----------------------------------------------------------------------------

  @Test
  void initialStateIsQueuedOnlyWithoutPendingDependencies() {
    assertThat(Decider.initialState(0)).isEqualTo(JobState.QUEUED);
    assertThat(Decider.initialState(1)).isEqualTo(JobState.BLOCKED);
    assertThat(Decider.initialState(5)).isEqualTo(JobState.BLOCKED);
  }

  @Test
  void lostAttemptsMayGoALittlePastTheRetryBudget() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    RetryPolicy once = new RetryPolicy(1, 0, 2.0, 0);
    assertThat(Decider.afterFailure(once, 1, AttemptOutcome.LOST, true, now)).isInstanceOf(Decider.RetryNow.class);
    assertThat(Decider.afterFailure(once, 1 + Decider.LOST_ALLOWANCE - 1, AttemptOutcome.LOST, true, now))
        .isInstanceOf(Decider.RetryNow.class);
    assertThat(Decider.afterFailure(once, 1 + Decider.LOST_ALLOWANCE, AttemptOutcome.LOST, true, now))
        .isInstanceOf(Decider.GiveUp.class);
    assertThat(Decider.afterFailure(once, 1, AttemptOutcome.FAILED, true, now)).isInstanceOf(Decider.GiveUp.class);
    assertThat(Decider.afterFailure(once, 1, AttemptOutcome.TIMED_OUT, true, now)).isInstanceOf(Decider.GiveUp.class);
    RetryPolicy backoff = new RetryPolicy(2, 100, 2.0, 1000);
    assertThat(Decider.afterFailure(backoff, 2, AttemptOutcome.LOST, true, now))
        .isEqualTo(new Decider.RetryAt(now.plusMillis(200)));
  }
}
