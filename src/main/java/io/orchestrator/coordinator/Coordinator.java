package io.orchestrator.coordinator;

import io.orchestrator.api.HttpApiVerticle;
import io.orchestrator.monitoring.HeartbeatMonitorVerticle;
import io.orchestrator.scheduling.SchedulerVerticle;
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

  /** HTTP API verticle instances: one per core. */
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

  /** Deploys the scheduler and the monitor (singletons), then the HTTP API. */
  public static Future<Coordinator> deploy(Vertx vertx, Services services) {
    List<String> ids = new ArrayList<>();
    LocalJson.register(vertx);
    // One HTTP API instance per core, sharing the port: the worker sessions and the API requests
    // that land on one event loop do not queue behind a burst of submissions on another.
    List<HttpApiVerticle> apis = new CopyOnWriteArrayList<>();
    DeploymentOptions apiOptions = new DeploymentOptions().setInstances(HTTP_INSTANCES);
    return vertx.deployVerticle(new SchedulerVerticle(services)).onSuccess(ids::add)
        .compose(v -> vertx.deployVerticle(new HeartbeatMonitorVerticle(services))).onSuccess(ids::add)
        .compose(v -> vertx.deployVerticle(() -> {
          HttpApiVerticle api = new HttpApiVerticle(services);
          apis.add(api);
          return api;
        }, apiOptions)).onSuccess(ids::add)
        .map(v -> {
          int port = apis.get(0).actualPort();
          LOG.info("Coordinator {} ready on port {} ({} HTTP event loops)", services.coordinatorId(), port, apis.size());
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
   * Stops in deployment order: the scheduler and the monitor first, so that the worker sockets the
   * HTTP API closes afterwards are not reaped here — their workers fail over to another coordinator
   * and resume their running jobs (or are reaped there once their presence lapses).
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
