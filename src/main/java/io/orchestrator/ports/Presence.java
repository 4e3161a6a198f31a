package io.orchestrator.ports;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Worker presence with a time to live: a worker is alive while its heartbeats keep coming. */
public interface Presence {

  /** Records a heartbeat: the worker is alive for {@code ttl} from now, and in the active set. */
  Future<Void> beat(String workerId, Duration ttl);

  /** The worker left on purpose (drained) or has been reaped: it is no longer active. */
  Future<Void> leave(String workerId);

  /** Ids in the active set whose presence has lapsed. They stay listed until {@link #leave}. */
  Future<List<String>> lapsed();

  /** Ids of the workers whose presence is current. */
  Future<Set<String>> active();
}
