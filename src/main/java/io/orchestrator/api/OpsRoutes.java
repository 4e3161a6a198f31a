package io.orchestrator.api;

import io.orchestrator.coordinator.Services;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** Health (one check per backing service; 503 when one is down) and Prometheus metrics. */
final class OpsRoutes {
  private static final long CHECK_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final Services services;

  OpsRoutes(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
  }

  void mount(Router router) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("coordinator", promise -> promise.complete(Status.OK(new JsonObject()
        .put("coordinator_id", services.coordinatorId()))));
    // Each probe answers KO on its own before the handler's timeout, so a hung service reads
    // as DOWN (503) rather than as a failed check (500).
    services.health().forEach(check -> checks.register(check.name(), CHECK_TIMEOUT_MS, promise -> {
      long timer = vertx.setTimer(CHECK_TIMEOUT_MS * 3 / 4, id -> promise.tryComplete(
          Status.KO(new JsonObject().put("error", "no answer within " + CHECK_TIMEOUT_MS * 3 / 4 + " ms"))));
      check.probe().get().onComplete(ar -> {
        vertx.cancelTimer(timer);
        promise.tryComplete(ar.succeeded()
            ? Status.OK()
            : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage()))));
      });
    }));
    HealthCheckHandler health = HealthCheckHandler.createWithHealthChecks(checks);
    router.get("/health").handler(health);
    router.get("/health/ready").handler(health);
    router.get("/health/live").handler(rc -> Json.send(rc, new JsonObject().put("status", "UP")));
    router.get("/metrics").handler(rc -> rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(services.metrics().scrape()));
  }
}
