package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/** {@code sleep}: waits {@code payload.ms} on a timer (never blocking), stops early on cancel. */
final class SleepHandler implements JobHandler {
  @Override
  public Future<JsonObject> handle(JobContext ctx) {
    long ms = PayloadReader.nonNegativeLong(ctx.payload(), "ms", 0);
    JsonObject result = new JsonObject().put("slept_ms", ms);
    if (ms == 0) {
      return Future.succeededFuture(result);
    }
    Promise<JsonObject> done = Promise.promise();
    long timer = ctx.vertx().setTimer(ms, id -> done.tryComplete(result));
    ctx.onCancel(v -> {
      ctx.vertx().cancelTimer(timer);
      done.tryFail(new JobFailure("cancelled: " + ctx.cancelReason(), true));
    });
    return done.future();
  }
}
