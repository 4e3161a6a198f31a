package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void readsOptionsAndEnvironment() {
    BenchOptions o = BenchOptions.parse(new String[] {"--runs=2", "--modes", "memory", "--workloads", "w2_chains,w3_fanout",
        "--warmup", "0"}, Map.of("BENCH_COORDINATOR_JVM", " -Xmx1g  -XX:+UseSerialGC "));
    assertThat(o.runs()).isEqualTo(2);
    assertThat(o.modes()).containsExactly("memory");
    assertThat(o.workloads()).containsExactly(Workload.W2, Workload.W3);
    assertThat(o.warmup()).isZero();
    assertThat(o.coordinatorJvm()).containsExactly("-Xmx1g", "-XX:+UseSerialGC");
    assertThat(o.workerJvm()).contains("-XX:+UseSerialGC", "-Xmx512m");
    assertThat(o.sqlCosts()).isFalse();
    assertThat(BenchOptions.parse(new String[] {"--sql-costs"}, Map.of()).sqlCosts()).isTrue();
  }

  @Test
  void aComparisonRunsBWithTheOtherJarOrTheOtherCoordinatorOptions() {
    BenchOptions plain = BenchOptions.parse(new String[] {"--jar", "a.jar"}, Map.of());
    assertThat(plain.compares()).isFalse();

    BenchOptions jars = BenchOptions.parse(new String[] {"--jar", "a.jar", "--against", "b.jar"}, Map.of());
    assertThat(jars.compares()).isTrue();
    assertThat(jars.variantB().jar()).hasToString("b.jar");
    assertThat(jars.variantB().coordinatorJvm()).isEqualTo(jars.coordinatorJvm());
    assertThat(jars.variantB().logDir()).isEqualTo(jars.logDir().resolve("against"));
    assertThat(jars.variantB().compares()).isFalse();

    BenchOptions flags = BenchOptions.parse(new String[] {"--against-jvm", "-Xmx256m -XX:+UseParallelGC"}, Map.of());
    assertThat(flags.variantB().jar()).isEqualTo(flags.jar());
    assertThat(flags.variantB().coordinatorJvm()).containsExactly("-Xmx256m", "-XX:+UseParallelGC");
    assertThat(flags.variantB().workerJvm()).isEqualTo(flags.workerJvm());
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--against-jvm", " "}, Map.of()))
        .hasMessageContaining("--against-jvm");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--modes", "disk"}, Map.of())).hasMessageContaining("--modes");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--workloads", "w9"}, Map.of())).hasMessageContaining("'w9'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "99"}, Map.of())).hasMessageContaining("--runs");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--nope"}, Map.of())).hasMessageContaining("'--nope'");
  }
}
