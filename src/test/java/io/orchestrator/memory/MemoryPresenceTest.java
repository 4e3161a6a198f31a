package io.orchestrator.memory;

import io.orchestrator.ports.Presence;
import io.orchestrator.ports.PresenceContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;

class MemoryPresenceTest extends PresenceContract {
  private final SteppingClock clock = new SteppingClock();
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
    clock.now = clock.now.plus(ttl).plusMillis(1);
  }

  /** A clock that moves only when told to. */
  static final class SteppingClock extends Clock {
    volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
