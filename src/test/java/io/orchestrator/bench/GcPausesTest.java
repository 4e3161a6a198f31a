package io.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  private static final List<String> LOG = List.of(
      "[2026-11-27T18:41:16.506+0000] GC(10) Pause Young (Allocation Failure)",
      "[2026-11-27T18:41:16.512+0000] GC(10) Pause Young (Allocation Failure) 40M->24M(61M) 6.351ms",
      "[2026-11-27T18:41:16.608+0000] GC(11) Pause Young (Allocation Failure) 41M->25M(61M) 6.208ms",
      "[2026-11-27T18:41:16.700+0000] GC(12) Pause Full (Allocation Failure) 60M->30M(90M) 65.500ms",
      "[2026-11-27T18:41:17.900+0000] GC(13) Pause Young (Allocation Failure) 43M->27M(61M) 4.566ms",
      "[2026-11-27T18:41:16.759+0000] GC(13) User=0.01s Sys=0.00s Real=0.01s",
      "not a log line");

  @Test
  void countsOnlyThePausesThatEndInsideTheWindow() {
    JsonObject gc = GcPauses.within(LOG, Instant.parse("2026-11-27T18:41:16.510Z"), Instant.parse("2026-11-27T18:41:17.510Z"));

    assertThat(gc.getInteger("coordinator_gc_pauses")).isEqualTo(3); // 16.512, 16.608, 16.700; not 17.900
    assertThat(gc.getInteger("coordinator_gc_full_pauses")).isEqualTo(1);
    assertThat(gc.getDouble("coordinator_gc_pause_ms")).isEqualTo(78.059);
    assertThat(gc.getDouble("coordinator_gc_max_pause_ms")).isEqualTo(65.5);
    assertThat(gc.getDouble("coordinator_gc_share")).isEqualTo(0.078); // of a 1,000 ms window
  }

  @Test
  void anEmptyWindowHasNoPauses() {
    JsonObject gc = GcPauses.within(LOG, Instant.parse("2026-11-27T19:00:00Z"), Instant.parse("2026-11-27T19:00:01Z"));

    assertThat(gc.getInteger("coordinator_gc_pauses")).isZero();
    assertThat(gc.getDouble("coordinator_gc_pause_ms")).isZero();
  }

  @Test
  void theOptionWritesTheFormatThisReads() {
    assertThat(GcPauses.logOption(java.nio.file.Path.of("target/x-gc.log"))).isEqualTo("-Xlog:gc:file=target/x-gc.log:utctime");
  }
}
