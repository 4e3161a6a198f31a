package io.orchestrator.memory;

import io.orchestrator.ports.Counters;
import io.orchestrator.ports.CountersContract;
import org.junit.jupiter.api.BeforeEach;

class MemoryCountersTest extends CountersContract {
  private Counters counters;

  @BeforeEach
  void fresh() {
    counters = new MemoryCounters();
  }

  @Override
  protected Counters counters() {
    return counters;
  }
}
