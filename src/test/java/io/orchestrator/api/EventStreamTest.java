package io.orchestrator.api;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.memory.MemoryChangeFeed;
import io.orchestrator.ports.ChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SSE endpoint on a real HTTP server (port 0), read by a real HTTP client. */
@ExtendWith(VertxExtension.class)
class EventStreamTest {
  private final String workflow = UUID.randomUUID().toString();
  private CountingFeed feed;
  private HttpServer server;
  private HttpClient client;

  /** A memory feed that counts subscriptions. */
  private static final class CountingFeed implements ChangeFeed {
    final MemoryChangeFeed inner = new MemoryChangeFeed();
    final AtomicInteger subscriptions = new AtomicInteger();

    @Override
    public Future<Void> publish(JsonArray changes) {
      return inner.publish(changes);
    }

    @Override
    public Future<Void> subscribe(Handler<JsonObject> onChange) {
      subscriptions.incrementAndGet();
      return inner.subscribe(onChange);
    }

    @Override
    public Future<Void> close() {
      return inner.close();
    }
  }

  /** What one client has read so far. */
  private static final class Reader {
    final StringBuilder text = new StringBuilder();
    volatile HttpClientResponse response;

    synchronized void append(String more) {
      text.append(more);
    }

    synchronized String text() {
      return text.toString();
    }
  }

  @BeforeEach
  void start(Vertx vertx) {
    feed = new CountingFeed();
    Router router = Router.router(vertx);
    EventStream.mount(router, feed, 100);
    Router second = Router.router(vertx); // as a second HTTP verticle instance would
    EventStream.mount(second, feed, 100);
    Problems.install(router);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    await(client.close());
    await(server.close());
    await(feed.close());
  }

  private Reader open(String query) {
    Reader reader = new Reader();
    reader.response = await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/api/v1/events" + query)
        .compose(request -> request.send().map(response -> {
          response.handler(buffer -> reader.append(buffer.toString()));
          return response;
        })));
    return reader;
  }

  private static JsonObject change(String workflowId, String kind, int n) {
    return new JsonObject().put("workflow_id", workflowId).put("kind", kind).put("n", n);
  }

  @Test
  void streamsTheChangesOfItsWorkflowOnly() {
    Reader reader = open("?workflow_id=" + workflow);
    assertThat(reader.response.statusCode()).isEqualTo(200);
    assertThat(reader.response.getHeader("Content-Type")).isEqualTo("text/event-stream");
    eventually(() -> reader.text().contains(": connected"));

    await(feed.publish(new JsonArray().add(change(workflow, "job_state", 1))
        .add(change(UUID.randomUUID().toString(), "job_state", 2))));
    await(feed.publish(new JsonArray().add(change(workflow, "progress", 3))));
    eventually(() -> reader.text().contains("\"n\":3"));

    String text = reader.text();
    assertThat(text).contains("event: change\ndata: " + change(workflow, "job_state", 1).encode() + "\n\n");
    assertThat(text).contains("event: change\ndata: " + change(workflow, "progress", 3).encode() + "\n\n");
    assertThat(text).doesNotContain("\"n\":2");
    assertThat(text.indexOf("\"n\":1")).isLessThan(text.indexOf("\"n\":3"));
  }

  @Test
  void everyOpenStreamGetsTheChangeFromOneSubscription() {
    Reader first = open("?workflow_id=" + workflow);
    Reader second = open("?workflow_id=" + workflow);
    eventually(() -> first.text().contains(": connected") && second.text().contains(": connected"));

    await(feed.publish(new JsonArray().add(change(workflow, "workflow_state", 1))));
    eventually(() -> first.text().contains("\"n\":1") && second.text().contains("\"n\":1"));

    assertThat(feed.subscriptions.get()).isEqualTo(1);
  }

  @Test
  void sendsKeepaliveComments() {
    Reader reader = open("?workflow_id=" + workflow);

    eventually(() -> reader.text().contains(": keepalive\n\n"));
  }

  @Test
  void forgetsAStreamWhoseClientLeft() {
    Reader reader = open("?workflow_id=" + workflow);
    eventually(() -> reader.text().contains(": connected"));
    assertThat(EventStream.openStreams(feed)).isEqualTo(1);

    await(reader.response.request().connection().close());

    eventually(() -> EventStream.openStreams(feed) == 0);
  }

  @Test
  void anInvalidWorkflowIdIsABadRequestProblem(Vertx vertx) {
    // The web client buffers the whole answer: no race between the response and its body.
    io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
    for (String query : new String[] {"?workflow_id=nope", ""}) {
      var response = await(web.get(server.actualPort(), "127.0.0.1", "/api/v1/events" + query).send());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(400);
    }
    web.close();
    assertThat(EventStream.openStreams(feed)).isZero();
  }
}
