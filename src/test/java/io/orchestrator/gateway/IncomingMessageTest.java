package io.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.ports.Report;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IncomingMessageTest {
  private static final String JOB = "01a21b95-aeeb-7000-96ea-a141d05ee42c";

  @Test
  void aCompleteMessageBecomesAReportWithItsResult() {
    List<IncomingMessage> messages = read(
        "{\"attempt\":2,\"result\":{\"n\":[1,2.5,\"x\",true,null,{\"deep\":{}}]},\"type\":\"complete\",\"job_id\":\"" + JOB + "\"}");

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).type()).isEqualTo("complete");
    Report report = messages.get(0).report("w1");
    assertThat(report.kind()).isEqualTo(Report.Kind.COMPLETE);
    assertThat(report.jobId()).isEqualTo(UUID.fromString(JOB));
    assertThat(report.attempt()).isEqualTo(2);
    assertThat(report.workerId()).isEqualTo("w1");
    assertThat(report.result()).isEqualTo(new JsonObject()
        .put("n", new JsonArray().add(1).add(2.5).add("x").add(true).addNull().add(new JsonObject().put("deep", new JsonObject()))));
  }

  @Test
  void aResultThatIsNotAnObjectIsWrappedAndAMissingOneIsEmpty() {
    List<IncomingMessage> messages = read("[{\"type\":\"complete\",\"job_id\":\"" + JOB
        + "\",\"attempt\":1,\"result\":42},{\"type\":\"complete\",\"job_id\":\"" + JOB + "\",\"attempt\":1}]");

    assertThat(messages.get(0).report("w").result()).isEqualTo(new JsonObject().put("value", 42));
    assertThat(messages.get(1).report("w").result()).isEqualTo(new JsonObject());
  }

  @Test
  void aFailMessageKeepsItsErrorAndRetryableOrTakesTheDefaults() {
    List<IncomingMessage> messages = read("[{\"type\":\"fail\",\"job_id\":\"" + JOB
        + "\",\"attempt\":1,\"error\":\"boom\",\"retryable\":false},{\"type\":\"fail\",\"job_id\":\"" + JOB + "\",\"attempt\":3}]");

    Report given = messages.get(0).report("w");
    assertThat(given.kind()).isEqualTo(Report.Kind.FAIL);
    assertThat(given.error()).isEqualTo("boom");
    assertThat(given.retryable()).isFalse();
    Report defaults = messages.get(1).report("w");
    assertThat(defaults.error()).isEqualTo("failed");
    assertThat(defaults.retryable()).isTrue();
    assertThat(defaults.attempt()).isEqualTo(3);
  }

  @Test
  void badReportFieldsAreRefusedNamingTheFieldAndTheAttempt() {
    assertBadField("{\"type\":\"complete\",\"job_id\":\"not-a-uuid\",\"attempt\":1}", "'job_id'");
    assertBadField("{\"type\":\"complete\",\"job_id\":\"" + JOB.toUpperCase().replace('-', 'x') + "\",\"attempt\":1}", "'job_id'");
    assertBadField("{\"type\":\"complete\",\"job_id\":7,\"attempt\":1}", "'job_id'");
    assertBadField("{\"type\":\"complete\",\"job_id\":\"" + JOB + "\",\"attempt\":0}", "'attempt'");
    assertBadField("{\"type\":\"complete\",\"job_id\":\"" + JOB + "\",\"attempt\":1.5}", "'attempt'");
    assertBadField("{\"type\":\"complete\",\"job_id\":\"" + JOB + "\",\"attempt\":\"1\"}", "'attempt'");
    assertBadField("{\"type\":\"complete\",\"job_id\":\"" + JOB + "\",\"attempt\":99999999999}", "'attempt'");
    assertBadField("{\"type\":\"fail\",\"job_id\":\"" + JOB + "\",\"attempt\":1,\"error\":{}}", "'error'");
    assertBadField("{\"type\":\"fail\",\"job_id\":\"" + JOB + "\",\"attempt\":1,\"retryable\":\"no\"}", "'retryable'");

    IncomingMessage message = read("{\"type\":\"fail\",\"job_id\":\"" + JOB + "\",\"attempt\":4,\"error\":1}").get(0);
    assertThatThrownBy(() -> message.report("w")).isInstanceOfSatisfying(ProtocolError.class, e ->
        assertThat(e.toFrame()).isEqualTo(new JsonObject().put("type", "error").put("code", "bad_field")
            .put("message", "'error' must be a string").put("job_id", JOB).put("attempt", 4)));
  }

  @Test
  void framesThatAreNotObjectsOrArraysOfObjectsAreRefusedWhole() {
    assertBadFrame("this is not json");
    assertBadFrame("[1, 2]");
    assertBadFrame("[{\"type\":\"drain\"}, 3]");
    assertBadFrame("\"text\"");
    assertBadFrame("{\"type\":\"drain\"} {\"type\":\"drain\"}");
    assertBadFrame("{\"type\":\"drain\"");
    assertBadFrame("");
    assertThatThrownBy(() -> read("{\"no_type\":true}").get(0).type())
        .isInstanceOfSatisfying(ProtocolError.class, e -> assertThat(e.code).isEqualTo(ProtocolError.BAD_FRAME));
  }

  @Test
  void otherMessagesAreHandledAsTheWholeObject() {
    List<IncomingMessage> messages = read("  [{\"type\":\"hello\",\"queues\":[\"a\",\"b\"],\"concurrency\":8,"
        + "\"worker_id\":null,\"name\":\"wörker ✓\"},{\"type\":\"progress\",\"job_id\":\"" + JOB + "\",\"attempt\":1,\"percent\":50}]  ");

    assertThat(messages.get(0).toJson()).isEqualTo(new JsonObject().put("type", "hello")
        .put("queues", new JsonArray().add("a").add("b")).put("concurrency", 8).putNull("worker_id").put("name", "wörker ✓"));
    assertThat(messages.get(1).attemptJobId()).isEqualTo(UUID.fromString(JOB));
    assertThat(messages.get(1).toJson()).isEqualTo(new JsonObject().put("type", "progress").put("job_id", JOB)
        .put("attempt", 1).put("percent", 50));
  }

  private static List<IncomingMessage> read(String frame) {
    return IncomingMessage.readFrame(Buffer.buffer(frame));
  }

  private static void assertBadField(String frame, String field) {
    IncomingMessage message = read(frame).get(0);
    assertThatThrownBy(() -> message.report("w")).isInstanceOfSatisfying(ProtocolError.class, e -> {
      assertThat(e.code).isEqualTo(ProtocolError.BAD_FIELD);
      assertThat(e.getMessage()).startsWith(field);
    });
  }

  private static void assertBadFrame(String frame) {
    assertThatThrownBy(() -> read(frame))
        .isInstanceOfSatisfying(ProtocolError.class, e -> assertThat(e.code).isEqualTo(ProtocolError.BAD_FRAME));
  }
}
