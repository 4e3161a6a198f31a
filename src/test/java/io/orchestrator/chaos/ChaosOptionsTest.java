package io.orchestrator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChaosOptionsTest {
  @Test
  void theFullFormByDefault() {
    ChaosOptions o = ChaosOptions.parse(new String[0]);
    assertThat(o.workflows()).isEqualTo(500);
    assertThat(o.timeoutSeconds()).isEqualTo(300);
    assertThat(o.shortForm()).isFalse();
    assertThat(FaultKind.plan(false)).hasSizeGreaterThan(FaultKind.values().length);
  }

  @Test
  void theShortFormHasOneFaultOfEachKind() {
    ChaosOptions o = ChaosOptions.parse(new String[] {"--short"});
    assertThat(o.workflows()).isEqualTo(100);
    assertThat(o.timeoutSeconds()).isEqualTo(120);
    assertThat(FaultKind.plan(true)).containsExactlyInAnyOrder(FaultKind.values());
  }

  @Test
  void explicitValuesWin() {
    ChaosOptions o = ChaosOptions.parse(new String[] {"--short", "--workflows=40", "--timeout-s", "90", "--seed", "7",
        "--redis", "127.0.0.1:6380", "--keep-db"});
    assertThat(o.workflows()).isEqualTo(40);
    assertThat(o.timeoutSeconds()).isEqualTo(90);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.redisPort()).isEqualTo(6380);
    assertThat(o.keepDatabase()).isTrue();
  }

  @Test
  void badInputIsAnError() {
    assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--workflows", "0"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--nope"})).hasMessageContaining("--nope");
    assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--timeout-s"})).hasMessageContaining("needs a value");
  }

  @Test
  void helpAndUsageErrorsNeedNoCluster() {
    assertThat(ChaosMain.run(new String[] {"--help"})).isZero();
    assertThat(ChaosMain.run(new String[] {"--bogus"})).isEqualTo(2);
    assertThat(ChaosMain.run(new String[] {"--jar", "/nonexistent.jar"})).isEqualTo(2);
  }
}
