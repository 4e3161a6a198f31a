package io.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.domain.Limits;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP API on a memory coordinator: answers to bad input (problem+json, the right status, and
 * nothing stored), listing, and batch submission.
 */
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

  // ---- POST /api/v1/workflows/batch ---------------------------------------------------------

  private static final String ONE_JOB = "{\"name\":\"single\",\"jobs\":[{\"name\":\"a\",\"type\":\"echo\"}]}";
  private static final String DIAMOND = "{\"name\":\"diamond\",\"priority\":3,\"jobs\":" + jobs(
      "{\"name\":\"a\",\"type\":\"echo\"}", "{\"name\":\"b\",\"type\":\"echo\",\"depends_on\":[\"a\"]}",
      "{\"name\":\"c\",\"type\":\"echo\",\"depends_on\":[\"a\"]}",
      "{\"name\":\"d\",\"type\":\"echo\",\"depends_on\":[\"b\",\"c\"]}") + "}";

  private HttpResponse<Buffer> batchRaw(String body, String contentType) {
    return it.request("POST", "/api/v1/workflows/batch", body == null ? null : Buffer.buffer(body), headers(contentType));
  }

  private HttpResponse<Buffer> batch(String... workflows) {
    return batchRaw("{\"workflows\":[" + String.join(",", workflows) + "]}", "application/json");
  }

  /** {@code workflow} (a JSON object text) with an idempotency key added. */
  private static String keyed(String workflow, String key) {
    return workflow.substring(0, workflow.length() - 1) + ",\"idempotency_key\":\"" + key + "\"}";
  }

  private static List<JsonObject> items(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void aBatchIsCreatedInOrderAndRuns() {
    it.worker("w1", 2, null);

    HttpResponse<Buffer> response = batch(keyed(ONE_JOB, "k-1"), keyed(DIAMOND, "k-2"));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    List<JsonObject> items = items(response);
    assertThat(items).extracting(w -> w.getString("name")).containsExactly("single", "diamond");
    assertThat(items).allSatisfy(w -> {
      assertThat(w.getBoolean("created")).isTrue();
      assertThat(w.getString("state")).isEqualTo("RUNNING");
      assertThat(w.fieldNames()).as("a summary, as in the list").doesNotContain("jobs")
          .contains("id", "priority", "labels", "created_at", "started_at", "finished_at");
    });
    assertThat(items.get(1).getInteger("priority")).isEqualTo(3);
    List<String> ids = items.stream().map(w -> w.getString("id")).toList();
    assertThat(list().getJsonArray("items").stream().map(w -> ((JsonObject) w).getString("id")))
        .containsExactly(ids.get(1), ids.get(0));

    for (String id : ids) {
      TestCoordinator.eventually("workflow " + id + " to succeed",
          () -> "SUCCEEDED".equals(get("/api/v1/workflows/" + id).bodyAsJsonObject().getString("state")));
    }
    JsonObject diamond = get("/api/v1/workflows/" + ids.get(1)).bodyAsJsonObject();
    assertThat(diamond.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("state"))).containsOnly("SUCCEEDED");
    assertThat(it.request("GET", "/metrics", null, null).bodyAsString())
        .contains("orchestrator_workflows_submitted_total 2.0");
  }

  @Test
  void aBatchReplayedWithItsKeysCreatesNothing() {
    List<String> ids = items(batch(keyed(ONE_JOB, "k-1"), keyed(DIAMOND, "k-2"))).stream()
        .map(w -> w.getString("id")).toList();

    HttpResponse<Buffer> replay = batch(keyed(DIAMOND, "k-2"), keyed(ONE_JOB, "k-1"));

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(items(replay)).extracting(w -> w.getString("id")).containsExactly(ids.get(1), ids.get(0));
    assertThat(items(replay)).extracting(w -> w.getBoolean("created")).containsExactly(false, false);
    assertThat(list().getJsonArray("items")).hasSize(2);

    HttpResponse<Buffer> mixed = batch(keyed(ONE_JOB, "k-1"), keyed(ONE_JOB, "k-3"), ONE_JOB);

    assertThat(mixed.statusCode()).as("one created is enough for 201").isEqualTo(201);
    assertThat(items(mixed)).extracting(w -> w.getBoolean("created")).containsExactly(false, true, true);
    assertThat(items(mixed).get(0).getString("id")).isEqualTo(ids.get(0));
    assertThat(list().getJsonArray("items")).hasSize(4);
    assertThat(it.request("GET", "/metrics", null, null).bodyAsString())
        .contains("orchestrator_workflows_submitted_total 4.0");
  }

  static Stream<Arguments> badBatches() {
    String unknownDependency = "{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\",\"depends_on\":[\"ghost\"]}") + "}";
    String threeJobs = "{\"name\":\"w\",\"jobs\":" + jobs("{\"name\":\"a\",\"type\":\"echo\"}",
        "{\"name\":\"b\",\"type\":\"echo\"}", "{\"name\":\"c\",\"type\":\"echo\"}") + "}";
    return Stream.of(
        Arguments.of("missing workflows", "{}", List.of("workflows:required")),
        Arguments.of("workflows null", "{\"workflows\":null}", List.of("workflows:required")),
        Arguments.of("workflows not an array", "{\"workflows\":" + ONE_JOB + "}", List.of("workflows:wrong_type")),
        Arguments.of("no workflows", "{\"workflows\":[]}", List.of("workflows:empty")),
        Arguments.of("1001 workflows", "{\"workflows\":[" + String.join(",", Collections.nCopies(1001, "{}")) + "]}",
            List.of("workflows:out_of_range")),
        Arguments.of("an item that is no object", "{\"workflows\":[" + ONE_JOB + ",7,\"w\"]}",
            List.of("workflows[1]:wrong_type", "workflows[2]:wrong_type")),
        Arguments.of("an invalid workflow inside", "{\"workflows\":[" + ONE_JOB + "," + unknownDependency + ",{\"jobs\":[]}]}",
            List.of("workflows[1].jobs[0].depends_on[0]:unknown_dependency", "workflows[2].name:required", "workflows[2].jobs:empty")),
        Arguments.of("a repeated key", "{\"workflows\":[" + keyed(ONE_JOB, "same") + "," + keyed(ONE_JOB, "other") + ","
            + keyed(ONE_JOB, "same") + "]}", List.of("workflows[2].idempotency_key:invalid_value")),
        Arguments.of("a key too long", "{\"workflows\":[" + keyed(ONE_JOB, "k".repeat(256)) + "]}",
            List.of("workflows[0].idempotency_key:invalid_value")),
        Arguments.of("a blank key", "{\"workflows\":[" + keyed(ONE_JOB, " ") + "]}", List.of("workflows[0].idempotency_key:empty")),
        Arguments.of("a key that is no string", "{\"workflows\":[" + "{\"idempotency_key\":5," + ONE_JOB.substring(1) + "]}",
            List.of("workflows[0].idempotency_key:wrong_type")),
        Arguments.of("too many jobs in all", "{\"workflows\":[" + threeJobs + "," + threeJobs + "]}",
            List.of("workflows:too_many_jobs")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBatches")
  void aBadBatchIsA400ProblemNamingTheFieldsAndStoresNothing(String label, String body, List<String> problems) {
    assertThat(submitRaw(ONE_JOB, "application/json").statusCode()).isEqualTo(201);

    HttpResponse<Buffer> response = batchRaw(body, "application/json");

    assertThat(response.statusCode()).as(label + ": " + response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject json = response.bodyAsJsonObject();
    assertThat(json.getString("type")).endsWith("/validation-failed");
    assertThat(json.getInteger("status")).isEqualTo(400);
    assertThat(json.getString("instance")).isEqualTo("/api/v1/workflows/batch");
    assertThat(json.getString("detail")).isEqualTo("The batch is invalid and nothing was stored; see errors.");
    assertThat(json.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field") + ":" + ((JsonObject) e).getString("code")))
        .as(label).containsExactlyElementsOf(problems);
    assertThat(list().getJsonArray("items")).as("only the workflow stored before").hasSize(1);
  }

  @Test
  void aRejectedBatchRecordsNoKey() {
    assertThat(batch(keyed(ONE_JOB, "k-1"), keyed(ONE_JOB, "k-1")).statusCode()).isEqualTo(400);

    HttpResponse<Buffer> later = batch(keyed(ONE_JOB, "k-1"));

    assertThat(later.statusCode()).isEqualTo(201);
    assertThat(items(later).get(0).getBoolean("created")).isTrue();
  }

  @Test
  void aBatchListsAtMostAThousandProblems() {
    // The first item has two problems (name and jobs required), the 999 others one each: 1001 in all.
    String body = "{\"workflows\":[{}," + String.join(",", Collections.nCopies(999, "1")) + "]}";

    HttpResponse<Buffer> response = batchRaw(body, "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.size()).isEqualTo(1001);
    assertThat(errors.getJsonObject(0).getString("field")).isEqualTo("workflows[0].name");
    assertThat(errors.getJsonObject(999).getString("field")).isEqualTo("workflows[998]");
    assertThat(errors.getJsonObject(1000)).isEqualTo(new JsonObject()
        .put("field", "").put("code", "invalid_value").put("message", "1 more errors not listed"));
  }

  @Test
  void otherBadBatchRequestsGetTheirStatus() {
    HttpResponse<Buffer> plain = batchRaw("{\"workflows\":[" + ONE_JOB + "]}", "text/plain");
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(batchRaw("{\"workflows\":[" + ONE_JOB + "]}", null).statusCode()).isEqualTo(415);
    HttpResponse<Buffer> array = batchRaw("[" + ONE_JOB + "]", "application/json");
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(array.bodyAsJsonObject().getString("type")).endsWith("/malformed-json");
    assertThat(batchRaw("{\"workflows\":[", "application/json").statusCode()).isEqualTo(400);
    assertThat(batchRaw(null, "application/json").statusCode()).isEqualTo(400);
    assertThat(batchRaw("{\"workflows\":[{\"name\":\"" + "x".repeat(5000) + "\"}]}", "application/json").statusCode())
        .isEqualTo(413);
    assertThat(it.request("POST", "/api/v1/workflows/batch", Buffer.buffer("{\"workflows\":[" + ONE_JOB + "]}"),
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")).statusCode()).isEqualTo(401);
    assertThat(list().getJsonArray("items")).isEmpty();
  }

  private HttpResponse<Buffer> get(String path) {
    return it.request("GET", path, null, headers(null));
  }

  private JsonObject list() {
    return get("/api/v1/workflows").bodyAsJsonObject();
  }

}
