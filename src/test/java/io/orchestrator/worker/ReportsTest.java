package io.orchestrator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports written as bytes say exactly what the protocol's objects said (API.md, worker protocol). */
class ReportsTest {
  @Test
  void completeCarriesTheResultOrAnEmptyObject() {
    Outgoing empty = Reports.complete("job-1", 3, null);
    assertThat(empty.text()).isEqualTo("{\"type\":\"complete\",\"job_id\":\"job-1\",\"attempt\":3,\"result\":{}}");
    assertThat(Reports.complete("job-1", 3, new JsonObject()).text()).isEqualTo(empty.text());
    assertThat(empty.type()).isEqualTo("complete");
    assertThat(empty.jobId()).isEqualTo("job-1");
    assertThat(empty.attempt()).isEqualTo(3);

    JsonObject result = new JsonObject().put("text", "é \"quoted\" \n\u0001").put("n", 1.5).put("none", (Object) null)
        .put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("deep", true)));
    Outgoing full = Reports.complete("job-2", 1, result);
    assertThat(new JsonObject(full.text())).isEqualTo(new JsonObject().put("type", "complete").put("job_id", "job-2")
        .put("attempt", 1).put("result", result));
  }

  @Test
  void failCarriesTheErrorTruncatedAndWhetherToRetry() {
    Outgoing fail = Reports.fail("job-1", 2, "bad \"input\"\n", false);
    assertThat(fail.text())
        .isEqualTo("{\"type\":\"fail\",\"job_id\":\"job-1\",\"attempt\":2,\"error\":\"bad \\\"input\\\"\\n\",\"retryable\":false}");
    assertThat(new JsonObject(Reports.fail("j", 1, null, true).text()).getString("error")).isEqualTo("unknown error");
    String error = new JsonObject(Reports.fail("j", 1, "x".repeat(10_000), true).text()).getString("error");
    assertThat(error).isEqualTo(Truncate.text("x".repeat(10_000), Reports.MAX_ERROR_CHARS));
  }

  @Test
  void otherMessagesKeepTheirShapeAndNameNoAttempt() {
    Outgoing hello = Reports.hello("w", List.of("default"), List.of("noop"), 4, null);
    assertThat(new JsonObject(hello.text())).isEqualTo(new JsonObject().put("type", "hello").put("name", "w")
        .put("queues", new JsonArray().add("default")).put("types", new JsonArray().add("noop")).put("concurrency", 4));
    assertThat(hello.jobId()).isNull();
    assertThat(hello.attempt()).isEqualTo(-1);
    Outgoing progress = Reports.progress("wf", "job", 2, 50, "half");
    assertThat(progress.type()).isEqualTo("progress");
    assertThat(progress.jobId()).isEqualTo("job");
    assertThat(progress.attempt()).isEqualTo(2);
    assertThat(Reports.drain().text()).isEqualTo("{\"type\":\"drain\"}");
  }

  @Test
  void aReportEndsItsOwnAttemptOnly() {
    Outgoing report = Reports.complete("job-1", 2, null);
    assertThat(report.ends("job-1", 2)).isTrue();
    assertThat(report.ends("job-1", null)).isTrue();
    assertThat(report.ends("job-1", 3)).isFalse();
    assertThat(report.ends("job-2", 2)).isFalse();
  }
}
