package io.orchestrator.memory;

import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.JobQueueContract;
import org.junit.jupiter.api.BeforeEach;

class MemoryJobQueueTest extends JobQueueContract {
  private MemoryJobQueue queue;

  @BeforeEach
  void fresh() {
    queue = new MemoryJobQueue();
  }

  @Override
  protected JobQueue queue() {
    return queue;
  }

  /** In memory the only way to share a queue is the same instance (it is synchronized). */
  @Override
  protected JobQueue secondClient() {
    return queue;
  }
}
