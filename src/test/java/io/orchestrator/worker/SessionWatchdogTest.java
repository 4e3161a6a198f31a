package io.orchestrator.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The silence decision: more than three heartbeat intervals without a word from the coordinator. */
class SessionWatchdogTest {
  private static final long HEARD_AT = 1_000_000;

  @Test
  void silentOnlyAfterMoreThanThreeIntervals() {
    assertThat(SessionWatchdog.isSilent(HEARD_AT + 29_999, HEARD_AT, 10_000)).isFalse();
    assertThat(SessionWatchdog.isSilent(HEARD_AT + 30_000, HEARD_AT, 10_000)).as("exactly three intervals").isFalse();
    assertThat(SessionWatchdog.isSilent(HEARD_AT + 30_001, HEARD_AT, 10_000)).isTrue();
  }

  @Test
  void aTinyIntervalCountsAsTheTenMillisecondsTheTimerRunsAt() {
    assertThat(SessionWatchdog.isSilent(HEARD_AT + 30, HEARD_AT, 1)).isFalse();
    assertThat(SessionWatchdog.isSilent(HEARD_AT + 31, HEARD_AT, 1)).isTrue();
  }
}
