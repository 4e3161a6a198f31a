package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.FieldError;
import io.orchestrator.domain.InvalidWorkflowException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ProblemsTest {
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    Router router = Router.router(vertx);
    router.post("/json").consumes("application/json").handler(BodyHandler.create().setBodyLimit(64))
        .handler(rc -> rc.json(Problems.jsonObjectBody(rc)));
    router.get("/invalid").handler(rc -> {
      throw ApiException.invalid(List.of(new FieldError("jobs[0].name", "required", "is required")));
    });
    router.get("/workflow").handler(rc -> {
      throw new InvalidWorkflowException(List.of(new FieldError("jobs", "cycle", "cycle: a -> b -> a")));
    });
    router.get("/missing").handler(rc -> rc.fail(ApiException.notFound("No workflow 42.")));
    router.get("/unauthorized").handler(rc -> rc.fail(ApiException.unauthorized("Token missing.")));
    router.get("/unavailable").handler(rc -> rc.fail(ApiException.unavailable("PostgreSQL is down.", new IllegalStateException("connection refused"))));
    router.get("/conflict").handler(rc -> rc.fail(new HttpException(409)));
    router.get("/throttled").handler(rc -> rc.fail(429));
    router.get("/boom").handler(rc -> {
      throw new IllegalStateException("secret internals");
    });
    router.get("/late").handler(rc -> {
      rc.response().setChunked(true).write("partial");
      throw new IllegalStateException("failed mid-response");
    });
    Problems.install(router);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding(s -> {
          server = s;
          client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(s.actualPort()));
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop() {
    client.close();
  }

  private static void expect(VertxTestContext ctx, Future<HttpResponse<Buffer>> request, int status, String slug,
      Consumer<JsonObject> more) {
    request.onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(status);
      assertThat(resp.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject body = resp.bodyAsJsonObject();
      assertThat(body.getString("type")).isEqualTo("https://workflow-orchestrator.dev/problems/" + slug);
      assertThat(body.getInteger("status")).isEqualTo(status);
      assertThat(body.getString("title")).isNotBlank();
      assertThat(body.getString("detail")).isNotBlank();
      more.accept(body);
      ctx.completeNow();
    })));
  }

  @Test
  void apiExceptionWithFieldErrors(VertxTestContext ctx) {
    expect(ctx, client.get("/invalid").send(), 400, "validation-failed", body -> {
      assertThat(body.getString("instance")).isEqualTo("/invalid");
      assertThat(body.getJsonArray("errors").getJsonObject(0)).isEqualTo(
          new JsonObject().put("field", "jobs[0].name").put("code", "required").put("message", "is required"));
    });
  }

  @Test
  void invalidWorkflowExceptionBecomesValidationProblem(VertxTestContext ctx) {
    expect(ctx, client.get("/workflow").send(), 400, "validation-failed",
        body -> assertThat(body.getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("cycle: a -> b -> a"));
  }

  @Test
  void notFoundFromApiExceptionHasNoErrorsField(VertxTestContext ctx) {
    expect(ctx, client.get("/missing").send(), 404, "not-found", body -> {
      assertThat(body.getString("detail")).isEqualTo("No workflow 42.");
      assertThat(body.containsKey("errors")).isFalse();
    });
  }

  @Test
  void unauthorizedAsksForBearer(VertxTestContext ctx) {
    client.get("/unauthorized").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(401);
      assertThat(resp.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      ctx.completeNow();
    })));
  }

  @Test
  void unavailableKeepsItsCauseOutOfTheBody(VertxTestContext ctx) {
    expect(ctx, client.get("/unavailable").send(), 503, "unavailable",
        body -> assertThat(body.encode()).doesNotContain("connection refused"));
  }

  @Test
  void unmatchedPathIs404(VertxTestContext ctx) {
    expect(ctx, client.get("/nowhere").send(), 404, "not-found",
        body -> assertThat(body.getString("instance")).isEqualTo("/nowhere"));
  }

  @Test
  void wrongMethodIs405(VertxTestContext ctx) {
    expect(ctx, client.request(HttpMethod.DELETE, "/missing").send(), 405, "method-not-allowed", body -> {});
  }

  @Test
  void httpExceptionIsMapped(VertxTestContext ctx) {
    expect(ctx, client.get("/conflict").send(), 409, "conflict", body -> {});
  }

  @Test
  void bareStatusWithoutSpecialMeaningKeepsItsCode(VertxTestContext ctx) {
    expect(ctx, client.get("/throttled").send(), 429, "http-429",
        body -> assertThat(body.getString("title")).isEqualTo("Too Many Requests"));
  }

  @Test
  void malformedJsonIs400(VertxTestContext ctx) {
    expect(ctx, client.post("/json").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{not json")),
        400, "malformed-json", body -> assertThat(body.getString("detail")).startsWith("The request body is not valid JSON"));
  }

  @Test
  void jsonArrayWhereObjectExpectedIs400(VertxTestContext ctx) {
    expect(ctx, client.post("/json").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1,2]")),
        400, "malformed-json", body -> {});
  }

  @Test
  void emptyBodyIs400(VertxTestContext ctx) {
    expect(ctx, client.post("/json").putHeader("Content-Type", "application/json").send(), 400, "bad-request", body -> {});
  }

  @Test
  void validJsonPassesThrough(VertxTestContext ctx) {
    client.post("/json").sendJsonObject(new JsonObject().put("a", 1)).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.bodyAsJsonObject()).isEqualTo(new JsonObject().put("a", 1));
      ctx.completeNow();
    })));
  }

  @Test
  void bodyOverLimitIs413(VertxTestContext ctx) {
    JsonObject big = new JsonObject().put("data", "x".repeat(500));
    expect(ctx, client.post("/json").putHeader("Content-Type", "application/json").sendBuffer(big.toBuffer()),
        413, "payload-too-large", body -> {});
  }

  @Test
  void wrongContentTypeIs415(VertxTestContext ctx) {
    expect(ctx, client.post("/json").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("hi")),
        415, "unsupported-media-type", body -> {});
  }

  @Test
  void unexpectedExceptionIs500WithoutInternals(VertxTestContext ctx) {
    expect(ctx, client.get("/boom").send(), 500, "internal-error", body -> {
      assertThat(body.encode()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
      assertThat(body.getString("detail")).containsPattern("reference [0-9a-f-]{36}");
    });
  }

  @Test
  void failureAfterTheResponseStartedResetsTheStream(VertxTestContext ctx) {
    // A half-written 200 must not look complete to the client: HTTP/1.1 reset closes the connection.
    client.get("/late").send().onComplete(ctx.failing(err -> ctx.completeNow()));
  }
}
