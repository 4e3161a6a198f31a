package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BuiltinHandlersTest {
  private final HandlerRegistry registry = BuiltinHandlers.register(new HandlerRegistry(), false);

  static JobContext ctx(Vertx vertx, String type, JsonObject payload, int attempt) {
    JobAssignment job = new JobAssignment("job-1", "wf-1", "step", attempt, type, payload,
        new JsonObject().put("up", new JsonObject().put("n", 1)), 0);
    return new JobContext(vertx, job, (j, p, m) -> { });
  }

  private Future<JsonObject> run(JobHandler handler, JobContext ctx) {
    return JobRunner.invoke(handler, ctx);
  }

  private Future<JsonObject> run(Vertx vertx, String type, JsonObject payload, int attempt) {
    return run(registry.get(type), ctx(vertx, type, payload, attempt));
  }

  @Test
  void registersEveryBuiltinButShellByDefault() {
    assertThat(registry.types()).containsExactly("noop", "echo", "sleep", "fail", "http", "stamp");
    assertThat(BuiltinHandlers.register(new HandlerRegistry(), true).types()).contains("shell");
  }

  @Test
  void noopReturnsAnEmptyObject(Vertx vertx) throws Exception {
    assertThat(Await.result(run(vertx, "noop", new JsonObject(), 1))).isEqualTo(new JsonObject());
  }

  @Test
  void stampReportsOrderedWallClockMicros(Vertx vertx) throws Exception {
    long before = BuiltinHandlers.wallMicros();
    JsonObject result = Await.result(run(vertx, "stamp", new JsonObject(), 1));
    long after = BuiltinHandlers.wallMicros();
    assertThat(result.fieldNames()).containsExactlyInAnyOrder("started_us", "finished_us");
    assertThat(result.getLong("started_us")).isBetween(before, after);
    assertThat(result.getLong("finished_us")).isBetween(result.getLong("started_us"), after);
  }

  @Test
  void echoReturnsPayloadAndInputs(Vertx vertx) throws Exception {
    JsonObject result = Await.result(run(vertx, "echo", new JsonObject().put("rows", 3), 1));
    assertThat(result.getJsonObject("payload")).isEqualTo(new JsonObject().put("rows", 3));
    assertThat(result.getJsonObject("inputs").getJsonObject("up").getInteger("n")).isEqualTo(1);
  }

  @Test
  void failIsRetryableUnlessToldOtherwise(Vertx vertx) throws Exception {
    Throwable e = Await.failure(run(vertx, "fail", new JsonObject(), 1));
    assertThat(e).isInstanceOf(JobFailure.class).hasMessage("requested failure");
    assertThat(((JobFailure) e).retryable()).isTrue();

    Throwable permanent = Await.failure(run(vertx, "fail",
        new JsonObject().put("message", "boom").put("retryable", false), 1));
    assertThat(permanent).hasMessage("boom");
    assertThat(((JobFailure) permanent).retryable()).isFalse();
  }

  @Test
  void failSucceedsFromTheRequestedAttempt(Vertx vertx) throws Exception {
    JsonObject payload = new JsonObject().put("succeed_on_attempt", 3);
    assertThat(Await.failure(run(vertx, "fail", payload, 2))).isInstanceOf(JobFailure.class);
    assertThat(Await.result(run(vertx, "fail", payload, 3))).isEqualTo(new JsonObject().put("attempt", 3));
    assertThat(Await.result(run(vertx, "fail", payload, 4)).getInteger("attempt")).isEqualTo(4);
  }

  @Test
  void sleepWaitsAndReportsTheDuration(Vertx vertx) throws Exception {
    assertThat(Await.result(run(vertx, "sleep", new JsonObject().put("ms", 20), 1)))
        .isEqualTo(new JsonObject().put("slept_ms", 20));
  }

  @Test
  void sleepStopsWhenCancelled(Vertx vertx) throws Exception {
    JobContext ctx = ctx(vertx, "sleep", new JsonObject().put("ms", 600_000), 1);
    Future<JsonObject> result = run(registry.get("sleep"), ctx);
    assertThat(result.isComplete()).isFalse();
    ctx.cancel("test");
    Throwable e = Await.failure(result);
    assertThat(e).isInstanceOf(JobFailure.class).hasMessageContaining("cancelled");
    assertThat(ctx.isCancelled()).isTrue();
  }

  @Test
  void badPayloadFailsNonRetryably(Vertx vertx) throws Exception {
    Throwable e = Await.failure(run(vertx, "sleep", new JsonObject().put("ms", "soon"), 1));
    assertThat(((JobFailure) e).retryable()).isFalse();
  }

  @Test
  void progressAndCancelHandlersReachTheirListeners(Vertx vertx) {
    List<String> seen = new ArrayList<>();
    JobAssignment job = new JobAssignment("j", "w", "n", 1, "noop", null, null, 0);
    JobContext ctx = new JobContext(vertx, job, (j, p, m) -> seen.add(p + ":" + m));
    ctx.progress(150, "half");
    ctx.onCancel(v -> seen.add("cancelled"));
    ctx.cancel("why");
    ctx.progress(10, "after cancel is dropped");
    ctx.onCancel(v -> seen.add("late listener runs at once"));
    assertThat(seen).containsExactly("100:half", "cancelled", "late listener runs at once");
    assertThat(ctx.cancelReason()).isEqualTo("why");
    assertThat(ctx.payload()).isEqualTo(new JsonObject());
  }

  static JsonArray argv(String... parts) {
    return new JsonArray(List.of((Object[]) parts));
  }
}
