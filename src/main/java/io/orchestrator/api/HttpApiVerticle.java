package io.orchestrator.api;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.EffectsApplier;
import io.orchestrator.coordinator.Services;
import io.orchestrator.gateway.WorkerSession;
import io.orchestrator.scheduling.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, the worker WebSocket endpoint, health and metrics. May run as several instances;
 * everything it shares goes through the ports and the event bus.
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
  public static final String WORKER_ENDPOINT = "/api/v1/workers/connect";

  private final Services services;
  private final Addresses.Shard shard = Addresses.Shard.next();
  private Scheduler scheduler;
  private HttpServer server;

  public HttpApiVerticle(Services services) {
    this.services = services;
  }

  /**
   * Starts this event loop's scheduler, then serves. The scheduler runs on this verticle's context,
   * so the worker sessions this loop accepts reach it without a thread hand-off.
   */
  @Override
  public Future<?> start() {
    scheduler = new Scheduler(vertx, services, shard);
    return scheduler.start().compose(v -> serve());
  }

  /** The scheduler stops first: the sessions that close afterwards are not reaped here (Coordinator.stop). */
  @Override
  public Future<?> stop() {
    return scheduler == null ? Future.succeededFuture() : scheduler.stop();
  }

  private Future<HttpServer> serve() {
    Router router = Router.router(vertx);
    router.route(WORKER_ENDPOINT).handler(this::connectWorker);
    StreamTickets tickets = new StreamTickets(services.settings().apiToken());
    router.route("/api/*").handler(new ApiAuth(services.settings().apiToken(), tickets));
    router.route().handler(BodyHandler.create(false).setBodyLimit(services.settings().bodyLimitBytes()));
    new WorkflowRoutes(services, new EffectsApplier(vertx.eventBus(), services)).mount(router);
    EventStream.mount(router, services.feed());
    StreamTicketRoute.mount(router, tickets);
    router.get("/api/v1/metrics/counters").handler(rc -> services.counters().read()
        .onSuccess(counts -> Json.send(rc, new io.vertx.core.json.JsonObject(new java.util.TreeMap<>(counts))))
        .onFailure(e -> rc.fail(ApiException.unavailable("the shared counters cannot be read now", e))));
    new OpsRoutes(vertx, services).mount(router);
    Problems.install(router);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(services.settings().httpHost())
        .setPort(services.settings().httpPort())
        .setMaxWebSocketFrameSize(WorkerSession.MAX_FRAME_BYTES)
        .setMaxWebSocketMessageSize(WorkerSession.MAX_MESSAGE_BYTES));
    return server.requestHandler(router).listen().onSuccess(s ->
        LOG.info("HTTP API listening on {}:{}", services.settings().httpHost(), s.actualPort()));
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void connectWorker(RoutingContext rc) {
    if (!BearerAuth.allows(services.settings().workerToken(), rc.request().getHeader("Authorization"))) {
      rc.fail(ApiException.unauthorized("a valid worker token is required"));
      return;
    }
    rc.request().toWebSocket()
        .onSuccess(socket -> new WorkerSession(vertx, services, shard, socket).start())
        .onFailure(e -> {
          if (!rc.response().ended()) {
            rc.fail(ApiException.badRequest("WebSocket upgrade required: " + e.getMessage()));
          }
        });
  }
}
