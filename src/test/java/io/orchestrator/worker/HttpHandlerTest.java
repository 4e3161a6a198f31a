package io.orchestrator.worker;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The http handler against a real local server (loopback, random port). */
@ExtendWith(VertxExtension.class)
class HttpHandlerTest {
  private final HttpHandler handler = new HttpHandler();
  private String base;

  @BeforeEach
  void startServer(Vertx vertx) throws Exception {
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/ok" -> req.body().onSuccess(body -> req.response().putHeader("X-Seen", req.getHeader("X-Test"))
            .end(req.method() + " " + body));
        case "/big" -> req.response().end("x".repeat(HttpHandler.MAX_BODY_BYTES + 10));
        case "/missing" -> req.response().setStatusCode(404).end("nope");
        default -> req.response().setStatusCode(503).end("down");
      }
    }).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
  }

  private JobContext ctx(Vertx vertx, JsonObject payload) {
    return BuiltinHandlersTest.ctx(vertx, "http", payload, 1);
  }

  @Test
  void returnsStatusBodyAndHeaders(Vertx vertx) throws Exception {
    JsonObject payload = new JsonObject().put("url", base + "/ok").put("method", "post")
        .put("headers", new JsonObject().put("X-Test", "yes")).put("body", "hello");
    JsonObject result = Await.result(JobRunner.invoke(handler, ctx(vertx, payload)));
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getString("body")).isEqualTo("POST hello");
    assertThat(result.getJsonObject("headers").getString("X-Seen")).isEqualTo("yes");
  }

  @Test
  void truncatesLargeBodies(Vertx vertx) throws Exception {
    JsonObject result = Await.result(JobRunner.invoke(handler, ctx(vertx, new JsonObject().put("url", base + "/big"))));
    assertThat(result.getString("body")).hasSize(HttpHandler.MAX_BODY_BYTES);
    assertThat(result.getBoolean("body_truncated")).isTrue();
  }

  @Test
  void clientErrorsAreFinalServerErrorsRetryable(Vertx vertx) throws Exception {
    JobFailure notFound = (JobFailure) Await.failure(JobRunner.invoke(handler,
        ctx(vertx, new JsonObject().put("url", base + "/missing"))));
    assertThat(notFound.retryable()).isFalse();
    assertThat(notFound).hasMessageContaining("404");
    JobFailure down = (JobFailure) Await.failure(JobRunner.invoke(handler,
        ctx(vertx, new JsonObject().put("url", base + "/other"))));
    assertThat(down.retryable()).isTrue();
    assertThat(down).hasMessageContaining("503");
  }

  @Test
  void missingUrlIsAPayloadError(Vertx vertx) throws Exception {
    JobFailure e = (JobFailure) Await.failure(JobRunner.invoke(handler, ctx(vertx, new JsonObject())));
    assertThat(e.retryable()).isFalse();
  }
}
