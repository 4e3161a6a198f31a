package io.orchestrator.e2e;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.api.StreamTickets;
import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.CoordinatorSettings;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.domain.Limits;
import io.orchestrator.testsupport.ManualClock;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream tickets over real HTTP on a memory coordinator with an API token: issued behind the
 * bearer token, they open {@code GET /api/v1/events} without a header, and nothing else.
 */
class StreamTicketsHttpTest {
  private static final String TOKEN = "api-t0ken";
  private static final String TICKETS = "/api/v1/events/tickets";
  private TestCoordinator it;
  private HttpClient client;

  @BeforeEach
  void start() {
    it = start(TOKEN);
    client = it.vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    await(client.close());
    it.close();
  }

  private static TestCoordinator start(String apiToken) {
    CoordinatorSettings settings = TestCoordinator.settings(apiToken, null, Limits.DEFAULTS, 1024 * 1024);
    return TestCoordinator.start(settings, (v, s) -> ServicesFactory.memory(v, "coordinator-test", s, CoordinatorMetrics.create()));
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
  }

  private JsonObject issue() {
    HttpResponse<Buffer> response = it.request("POST", TICKETS, null, bearer(TOKEN));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private String submit() {
    HttpResponse<Buffer> response = it.request("POST", "/api/v1/workflows", new JsonObject().put("name", "w")
        .put("jobs", new JsonArray().add(new JsonObject().put("name", "a").put("type", "echo"))).toBuffer(),
        bearer(TOKEN).add("Content-Type", "application/json"));
    assertThat(response.statusCode()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static void assertUnauthorized(HttpResponse<Buffer> response, String what) {
    assertThat(response.statusCode()).as(what).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).as(what).startsWith("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).as(what).isEqualTo("Bearer");
    assertThat(response.bodyAsJsonObject().getString("type")).as(what).endsWith("/unauthorized");
  }

  @Test
  void aTicketNeedsTheBearerToken() {
    assertUnauthorized(it.request("POST", TICKETS, null, null), "no header");
    assertUnauthorized(it.request("POST", TICKETS, null, bearer("wrong")), "a wrong token");
  }

  @Test
  void aTicketIsIssuedForAMinuteAndNotCached() {
    Instant before = Instant.now();
    HttpResponse<Buffer> response = it.request("POST", TICKETS, null, bearer(TOKEN));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("ticket")).matches("v1\\.[0-9]+\\.[A-Za-z0-9_-]{43}");
    Instant expiresAt = Instant.parse(body.getString("expires_at"));
    assertThat(expiresAt).isBetween(before.plusSeconds(58), Instant.now().plusSeconds(60));
    assertThat(body.getString("ticket")).contains("." + expiresAt.getEpochSecond() + ".");
  }

  @Test
  void aTicketOpensTheEventStreamWithoutAHeader() {
    String id = submit();
    String ticket = issue().getString("ticket");
    StringBuilder text = new StringBuilder();

    HttpClientResponse stream = await(client.request(HttpMethod.GET, it.coordinator.port(), "127.0.0.1",
            "/api/v1/events?workflow_id=" + id + "&ticket=" + ticket)
        .compose(request -> request.send().map(response -> {
          response.handler(buffer -> {
            synchronized (text) {
              text.append(buffer);
            }
          });
          return response;
        })));
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.getHeader("Content-Type")).isEqualTo("text/event-stream");
    eventually("the stream to open", () -> read(text).contains(": connected"));

    assertThat(it.request("POST", "/api/v1/workflows/" + id + "/cancel", null, bearer(TOKEN)).statusCode()).isEqualTo(202);

    eventually("the cancellation on the stream", () -> read(text).contains("\"to_state\":\"CANCELLED\""));
    assertThat(read(text)).contains("event: change\ndata: {").contains("\"workflow_id\":\"" + id + "\"");
  }

  private static String read(StringBuilder text) {
    synchronized (text) {
      return text.toString();
    }
  }

  @Test
  void aBadTicketIsRefusedLikeAMissingToken() {
    String id = submit();
    String good = issue().getString("ticket");
    String expired = new StreamTickets(TOKEN, new ManualClock(Instant.now().minus(Duration.ofMinutes(2)))).issue().value();
    String otherToken = new StreamTickets("another-token").issue().value();
    String tampered = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
    for (String ticket : List.of(expired, otherToken, tampered, "garbage", "", good + "&ticket=" + good)) {
      HttpResponse<Buffer> response = it.request("GET", "/api/v1/events?workflow_id=" + id + "&ticket=" + ticket, null, null);

      assertUnauthorized(response, ticket);
      assertThat(response.bodyAsJsonObject().getString("detail")).as(ticket).contains("ticket is invalid or expired");
    }
    HttpResponse<Buffer> none = it.request("GET", "/api/v1/events?workflow_id=" + id, null, null);
    assertUnauthorized(none, "no ticket");
    assertThat(none.bodyAsJsonObject().getString("detail")).isEqualTo("a valid bearer token is required");
    assertUnauthorized(it.request("GET", "/api/v1/events?workflow_id=" + id + "&ticket=%zz", null, null), "an undecodable query");
  }

  @Test
  void aTicketOpensNothingButTheEventStream() {
    String id = submit();
    String ticket = "ticket=" + issue().getString("ticket");

    assertUnauthorized(it.request("GET", "/api/v1/workflows?" + ticket, null, null), "the workflow list");
    assertUnauthorized(it.request("GET", "/api/v1/workflows/" + id + "?" + ticket, null, null), "a workflow");
    assertUnauthorized(it.request("GET", "/api/v1/workflows/" + id + "/events?" + ticket, null, null), "an audit trail");
    assertUnauthorized(it.request("POST", "/api/v1/workflows/" + id + "/cancel?" + ticket, null, null), "a cancel");
    assertUnauthorized(it.request("POST", TICKETS + "?" + ticket, null, null), "another ticket");
    assertUnauthorized(it.request("GET", "/api/v1/events/?workflow_id=" + id + "&" + ticket, null, null), "another spelling");
    assertUnauthorized(it.request("POST", "/api/v1/events?workflow_id=" + id + "&" + ticket, null, null), "another method");
    assertThat(it.request("GET", "/api/v1/workflows/" + id, null, bearer(TOKEN)).bodyAsJsonObject().getString("state"))
        .isEqualTo("RUNNING");
  }

  @Test
  void withoutAnApiTokenATicketIsIssuedAnyway() {
    try (TestCoordinator open = start(null)) {
      HttpResponse<Buffer> response = open.request("POST", TICKETS, Buffer.buffer("ignored"), null);

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(response.bodyAsJsonObject().getString("ticket")).startsWith("v1.");
      assertThat(response.bodyAsJsonObject().getString("expires_at")).endsWith("Z");
    }
  }
}
