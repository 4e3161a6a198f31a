package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Runs one attempt of a job. Called on the worker's event loop: implementations must not block
 * (use {@code ctx.vertx().executeBlocking(...)} for blocking work). Fail the future with
 * {@link JobFailure} to choose whether the attempt may be retried; any other failure is retryable.
 */
@FunctionalInterface
public interface JobHandler {
  Future<JsonObject> handle(JobContext ctx);
}
