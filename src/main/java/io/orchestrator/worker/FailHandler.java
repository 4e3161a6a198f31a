package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code fail}: fails on purpose (tests and demos of retries). With {@code succeed_on_attempt} it
 * succeeds from that attempt on, so a retry policy can be seen to work.
 */
final class FailHandler implements JobHandler {
  @Override
  public Future<JsonObject> handle(JobContext ctx) {
    JsonObject p = ctx.payload();
    Integer succeedOn = PayloadReader.optionalInt(p, "succeed_on_attempt");
    if (succeedOn != null && ctx.attempt() >= succeedOn) {
      return Future.succeededFuture(new JsonObject().put("attempt", ctx.attempt()));
    }
    String message = p.getValue("message") instanceof String s ? s : "requested failure";
    boolean retryable = !Boolean.FALSE.equals(p.getValue("retryable"));
    return Future.failedFuture(new JobFailure(message, retryable));
  }
}
