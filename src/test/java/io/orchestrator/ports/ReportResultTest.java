package io.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportResultTest {

  @Test
  void appliedReportsAreAckedAndRejectedOnesAnsweredWithTheirCode() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    ReportResult ok = ReportResult.applied(Report.complete(a, 1, "w1", new JsonObject()));
    ReportResult stale = ReportResult.rejected(Report.fail(b, 2, "w1", "boom", true), ReportResult.STALE,
        "attempt 2 is not the current attempt 3");

    assertThat(new JsonObject(ReportResult.answerFrame(List.of(ok))))
        .isEqualTo(new JsonObject().put("type", "ack").put("job_id", a.toString()).put("attempt", 1));
    assertThat(new JsonArray(ReportResult.answerFrame(List.of(ok, stale)))).isEqualTo(new JsonArray()
        .add(new JsonObject().put("type", "ack").put("job_id", a.toString()).put("attempt", 1))
        .add(new JsonObject().put("type", "error").put("code", "stale_attempt")
            .put("message", "attempt 2 is not the current attempt 3").put("job_id", b.toString()).put("attempt", 2)));
  }
}
