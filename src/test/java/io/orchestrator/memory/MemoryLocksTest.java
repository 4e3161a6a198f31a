package io.orchestrator.memory;

import io.orchestrator.ports.Locks;
import io.orchestrator.ports.LocksContract;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

class MemoryLocksTest extends LocksContract {
  private final MemoryPresenceTest.SteppingClock clock = new MemoryPresenceTest.SteppingClock();
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
    clock.now = clock.now.plus(ttl).plusMillis(1);
  }
}
