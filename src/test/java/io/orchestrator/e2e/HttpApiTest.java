package io.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.domain.Limits;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP API's answers to bad input: problem+json, the right status, and nothing stored. */
class HttpApiTest {
  private static final String TOKEN = "api-t0ken";
  private TestCoordinator it;

  @BeforeEach
  void start() {
    it = TestCoordinator.start(TestCoordinator.settings(TOKEN, null, new Limits(5, 64, 30_000), 4096),
        (v, s) -> ServicesFactory.memory(v, "coordinator-test", s, CoordinatorMetrics.create()));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  private static MultiMap headers(String contentType) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + TOKEN);
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    return headers;
  }

  private HttpResponse<Buffer> submitRaw(String body, String contentType) {
    return it.request("POST", "/api/v1/workflows", body == null ? null : Buffer.buffer(body), headers(contentType));
  }

  private static String jobs(String... jobs) {
    return "[" + String.join(",", jobs) + "]";
  }

  static Stream<Arguments> badWorkflows() {
    String ok = "{\"name\":\"a\",\"type\":\"echo\"}";
    return Stream.of(
        Arguments.of("not JSON", "{nope", "malformed-json", null),
        Arguments.of("an array", "[1,2]", "malformed-json", null),
        Arguments.of("missing name", "{\"jobs\":" + jobs(ok) + "}", "validation-failed", "required"),
        Arguments.of("missing jobs", "{\"name\":\"w\"}", "validation-failed", "required"),
        Arguments.of("empty jobs", "{\"name\":\"w\",\"jobs\":[]}", "validation-failed", "empty"),
        Arguments.of("wrong type", "{\"name\":\"w\",\"priority\":\"high\",\"jobs\":" + jobs(ok) + "}", "validation-failed", "wrong_type"),
        Arguments.of("duplicate name", "{\"name\":\"w\",\"jobs\":" + jobs(ok, ok) + "}", "validation-failed", "duplicate_name"),
        Arguments.of("unknown dependency", "{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\",\"depends_on\":[\"ghost\"]}") + "}",
            "validation-failed", "unknown_dependency"),
        Arguments.of("cycle", "{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\",\"depends_on\":[\"b\"]}",
            "{\"name\":\"b\",\"type\":\"echo\",\"depends_on\":[\"a\"]}") + "}", "validation-failed", "cycle"),
        Arguments.of("too many jobs", "{\"name\":\"w\",\"jobs\":" + jobs(ok, ok.replace("\"a\"", "\"b\""), ok.replace("\"a\"", "\"c\""),
            ok.replace("\"a\"", "\"d\""), ok.replace("\"a\"", "\"e\""), ok.replace("\"a\"", "\"f\"")) + "}", "validation-failed", "too_many_jobs"),
        Arguments.of("payload too large", "{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\",\"payload\":{\"x\":\""
            + "y".repeat(100) + "\"}}") + "}", "validation-failed", "payload_too_large"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badWorkflows")
  void aBadWorkflowIsA400ProblemAndNothingIsStored(String label, String body, String problem, String code) {
    HttpResponse<Buffer> response = submitRaw(body, "application/json");

    assertThat(response.statusCode()).as(label).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject json = response.bodyAsJsonObject();
    assertThat(json.getString("type")).endsWith("/" + problem);
    assertThat(json.getInteger("status")).isEqualTo(400);
    if (code != null) {
      assertThat(json.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("code"))).contains(code);
    }
    assertThat(list().getJsonArray("items")).isEmpty();
  }

  @Test
  void everyProblemOfAWorkflowIsListedAtOnce() {
    HttpResponse<Buffer> response = submitRaw("{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"depends_on\":[\"b\",\"zz\"]}",
        "{\"name\":\"b\",\"type\":\"echo\",\"depends_on\":[\"a\"]}") + "}", "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("code")))
        .contains("required", "unknown_dependency", "cycle");
  }

  @Test
  void otherBadRequestsGetTheirStatus() {
    assertThat(submitRaw("{\"name\":\"w\"}", "text/plain").statusCode()).isEqualTo(415);
    assertThat(submitRaw("{\"name\":\"" + "x".repeat(5000) + "\"}", "application/json").statusCode()).isEqualTo(413);
    HttpResponse<Buffer> noToken = it.request("GET", "/api/v1/workflows", null, null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.getHeader("Content-Type")).startsWith("application/problem+json");
    HttpResponse<Buffer> wrongToken = it.request("GET", "/api/v1/workflows", null,
        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer wrong"));
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/workflows/01a21b95-aeeb-7000-96ea-a141d05ee42c").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/workflows/not-an-id").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/jobs/01a21b95-aeeb-7000-96ea-a141d05ee42c").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/workflows/01a21b95-aeeb-7000-96ea-a141d05ee42c/events").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/workflows?state=SLEEPING").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/workflows?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/workflows?cursor=%25%25garbage").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/analytics/summary?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(it.request("POST", "/api/v1/workflows/01a21b95-aeeb-7000-96ea-a141d05ee42c/cancel", null, headers(null)).statusCode())
        .isEqualTo(404);
    assertThat(list().getJsonArray("items")).isEmpty();
  }

  @Test
  void listPagesWithACursorAndFiltersByState() {
    for (int i = 0; i < 5; i++) {
      assertThat(submitRaw("{\"name\":\"w" + i + "\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\"}") + "}", "application/json")
          .statusCode()).isEqualTo(201);
    }
    JsonObject first = get("/api/v1/workflows?limit=2").bodyAsJsonObject();
    JsonObject second = get("/api/v1/workflows?limit=2&cursor=" + first.getString("next_cursor")).bodyAsJsonObject();
    JsonObject third = get("/api/v1/workflows?limit=2&cursor=" + second.getString("next_cursor")).bodyAsJsonObject();

    assertThat(first.getJsonArray("items").stream().map(w -> ((JsonObject) w).getString("name"))).containsExactly("w4", "w3");
    assertThat(second.getJsonArray("items").stream().map(w -> ((JsonObject) w).getString("name"))).containsExactly("w2", "w1");
    assertThat(third.getJsonArray("items").stream().map(w -> ((JsonObject) w).getString("name"))).containsExactly("w0");
    assertThat(third.getValue("next_cursor")).isNull();
    assertThat(get("/api/v1/workflows?state=SUCCEEDED").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(get("/api/v1/workflows?state=RUNNING").bodyAsJsonObject().getJsonArray("items")).hasSize(5);
  }

  @Test
  void healthAndMetricsAnswer() {
    HttpResponse<Buffer> health = it.request("GET", "/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(health.bodyAsJsonObject().getJsonArray("checks")).isNotEmpty();
    assertThat(it.request("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
    assertThat(submitRaw("{\"name\":\"m\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\"}") + "}", "application/json")
        .statusCode()).isEqualTo(201);
    HttpResponse<Buffer> metrics = it.request("GET", "/metrics", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("orchestrator_workflows_submitted_total 1.0");
  }

  private HttpResponse<Buffer> get(String path) {
    return it.request("GET", path, null, headers(null));
  }

  private JsonObject list() {
    return get("/api/v1/workflows").bodyAsJsonObject();
  }

}
