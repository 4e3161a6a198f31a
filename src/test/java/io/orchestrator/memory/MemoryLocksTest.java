package io.orchestrator.memory;

import io.orchestrator.ports.Locks;
import io.orchestrator.ports.LocksContract;
import io.orchestrator.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

class MemoryLocksTest extends LocksContract {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private MemoryLocks locks;

  @BeforeEach
  void fresh() {
    locks = new MemoryLocks(clock);
  }

  @Override
  protected Locks locks() {
    return locks;
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
