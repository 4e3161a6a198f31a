package io.orchestrator.memory;

import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.StateStoreContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The state store contract, run against the memory store. */
class MemoryStateStoreTest extends StateStoreContract {

  @Override
  protected Future<StateStore> newStore(Vertx vertx, Clock clock) {
    return Future.succeededFuture(new MemoryStateStore("coordinator-test", clock));
  }
}
