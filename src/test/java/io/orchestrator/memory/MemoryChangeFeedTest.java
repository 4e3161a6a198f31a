package io.orchestrator.memory;

import io.orchestrator.ports.ChangeFeed;
import io.orchestrator.ports.ChangeFeedContract;
import org.junit.jupiter.api.BeforeEach;

class MemoryChangeFeedTest extends ChangeFeedContract {
  private ChangeFeed feed;

  @BeforeEach
  void fresh() {
    feed = new MemoryChangeFeed();
  }

  @Override
  protected ChangeFeed feed() {
    return feed;
  }

  /** One process, one feed: the other coordinator is the same instance. */
  @Override
  protected ChangeFeed peer() {
    return feed;
  }
}
