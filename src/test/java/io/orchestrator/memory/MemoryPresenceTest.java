package io.orchestrator.memory;

import io.orchestrator.ports.Presence;
import io.orchestrator.ports.PresenceContract;
import io.orchestrator.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

class MemoryPresenceTest extends PresenceContract {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private MemoryPresence presence;

  @BeforeEach
  void fresh() {
    presence = new MemoryPresence(clock);
  }

  @Override
  protected Presence presence() {
    return presence;
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofSeconds(5);
  }

  @Override
  protected void letPass(Duration ttl) {
    clock.advance(ttl.plusMillis(1));
  }
}
