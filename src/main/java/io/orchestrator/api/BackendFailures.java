package io.orchestrator.api;

import io.orchestrator.ports.BackendUnavailableException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Tells a backing service that cannot be reached now (answer 503, the client may try again) from a
 * bug (answer 500). Walks the cause chain, since the stores wrap what the drivers throw.
 */
final class BackendFailures {
  /** SQLSTATEs of a server that drops, refuses or cannot take connections: admin/crash shutdown, cannot connect now, too many connections. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
  private static final String NOT_ACCEPTING = "not currently accepting connections";

  private BackendFailures() {}

  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BackendUnavailableException || t instanceof SocketException || t instanceof ClosedChannelException
          || t instanceof ClosedConnectionException) {
        return true;
      }
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        String state = db.getSqlState();
        // Class 08 is "connection exception"; 55000 is generic, so only its connect-time form counts.
        if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)
            || ("55000".equals(state) && String.valueOf(db.getMessage()).contains(NOT_ACCEPTING))) {
          return true;
        }
      }
    }
    return false;
  }
}
