package io.orchestrator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.BackendUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL stores make of the client's errors. */
class SqlErrorsTest {
  @Test
  void theClientsOwnConnectionFailuresBecomeBackendUnavailable() {
    // Seen when a pooled connection's backend was terminated (pg_terminate_backend) before a read.
    Throwable closed = SqlErrors.translate("workflow", new VertxException("Connection is not active now, current status: CLOSED"));
    assertThat(closed).isInstanceOf(BackendUnavailableException.class).hasMessageContaining("workflow")
        .hasMessageContaining("not active");
    assertThat(SqlErrors.translate("submit", new ConnectException("Connection refused")))
        .isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void statementErrorsStayErrors() {
    assertThat(SqlErrors.translate("submit", new PgException("duplicate key", "ERROR", "23505", "Key (id)=(1)")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate in submit");
    assertThat(SqlErrors.translate("report", new PgException("syntax error", "ERROR", "42601", null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("42601");
  }
}
