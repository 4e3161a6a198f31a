package io.orchestrator.coordinator;

import io.orchestrator.api.HttpApiVerticle;
import io.orchestrator.monitoring.HeartbeatMonitorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: its verticles deployed over one set of services. Ready when every
 * deployment is; {@link #stop()} undeploys them and closes the services.
 */
public final class Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  /** HTTP API verticle instances, each with its own scheduler: one per core. */
  static final int HTTP_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final Services services;
  private final List<String> deployments;
  private final int port;

  private Coordinator(Vertx vertx, Services services, List<String> deployments, int port) {
    this.vertx = vertx;
    this.services = services;
    this.deployments = deployments;
    this.port = port;
  }

  /** Deploys the monitor (a singleton), then the HTTP API, whose every instance runs a scheduler. */
  public static Future<Coordinator> deploy(Vertx vertx, Services services) {
    List<String> ids = new ArrayList<>();
    LocalJson.register(vertx);
    // One HTTP API instance per core, sharing the port: the worker sessions and the API requests
    // that land on one event loop do not queue behind a burst of submissions on another. Each
    // instance schedules for the workers whose sessions it accepted, on its own event loop.
    List<HttpApiVerticle> apis = new CopyOnWriteArrayList<>();
    DeploymentOptions apiOptions = new DeploymentOptions().setInstances(HTTP_INSTANCES);
    return vertx.deployVerticle(new HeartbeatMonitorVerticle(services)).onSuccess(ids::add)
        .compose(v -> vertx.deployVerticle(() -> {
          HttpApiVerticle api = new HttpApiVerticle(services);
          apis.add(api);
          return api;
        }, apiOptions)).onSuccess(ids::add)
        .map(v -> {
          int port = apis.get(0).actualPort();
          LOG.info("Coordinator {} ready on port {} ({} HTTP event loops, a scheduler on each)", services.coordinatorId(), port, apis.size());
          return new Coordinator(vertx, services, ids, port);
        })
        .compose(c -> services.signals().start().map(c))
        .recover(e -> undeploy(vertx, ids).eventually(services::close).transform(v -> Future.failedFuture(e)));
  }

  public int port() {
    return port;
  }

  public Services services() {
    return services;
  }

  /**
   * Stops in deployment order: the monitor first, then each HTTP API instance, which stops its
   * scheduler before its sockets close, so that the workers are not reaped here — they fail over to
   * another coordinator and resume their running jobs (or are reaped there once their presence
   * lapses).
   */
  public Future<Void> stop() {
    return undeploy(vertx, deployments).eventually(services::close);
  }

  private static Future<Void> undeploy(Vertx vertx, List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.eventually(() -> vertx.undeploy(id));
    }
    return chain;
  }
}
