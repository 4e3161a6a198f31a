package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.BackendUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** 503 for a backing service that cannot be reached now, 500 for everything else. */
class BackendFailuresTest {
  @Test
  void aStoreThatCannotReachItsServerIsUnavailableWhereverItSitsInTheCauseChain() {
    BackendUnavailableException lost = new BackendUnavailableException("PostgreSQL unavailable in workflow: "
        + "Connection is not active now, current status: CLOSED", new VertxException("Connection is not active now"));
    assertThat(BackendFailures.isUnavailable(lost)).isTrue();
    assertThat(BackendFailures.isUnavailable(new RuntimeException("while reading", lost))).isTrue();
    assertThat(BackendFailures.isUnavailable(new SocketException("Connection reset"))).isTrue();
    assertThat(BackendFailures.isUnavailable(new PgException("terminating connection due to administrator command",
        "FATAL", "57P01", null))).isTrue();
  }

  @Test
  void aBugOrAStatementErrorIsNot() {
    assertThat(BackendFailures.isUnavailable(new IllegalStateException("job x cannot move from QUEUED to SUCCEEDED")))
        .isFalse();
    assertThat(BackendFailures.isUnavailable(new PgException("syntax error", "ERROR", "42601", null))).isFalse();
    assertThat(BackendFailures.isUnavailable(null)).isFalse();
  }
}
