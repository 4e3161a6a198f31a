package io.orchestrator.monitoring;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.EffectsApplier;
import io.orchestrator.coordinator.Services;
import io.orchestrator.domain.Times;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Lease;
import io.orchestrator.ports.Recovery;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.RunningAttempt;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker presence and everything that happens when time passes: reaping workers whose presence
 * lapsed or whose socket closed, releasing due retries, re-enqueueing QUEUED jobs the queue lost,
 * and start-up recovery. The periodic duties run only while this coordinator holds the lease.
 */
public final class HeartbeatMonitorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitorVerticle.class);
  private static final int SWEEP_LIMIT = 10_000;

  private final Services services;
  private EffectsApplier effects;
  private LeaseKeeper lease;
  private RetryAlarm retries;

  public HeartbeatMonitorVerticle(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    effects = new EffectsApplier(vertx.eventBus(), services);
    Duration ttl = services.settings().heartbeatTtl();
    lease = new LeaseKeeper(vertx, services.locks(), "monitor", services.coordinatorId(), ttl);
    retries = new RetryAlarm(vertx, this::releaseRetries);
    var bus = vertx.eventBus();
    Future<Void> consumers = Future.all(
        bus.<JsonObject>consumer(Addresses.WORKER_LEFT, m -> workerLeft(m.body())).completion(),
        bus.<JsonObject>consumer(Addresses.RETRY_TIMERS, m -> armRetries(m.body())).completion()).mapEmpty();
    long reapEvery = Math.max(100, services.settings().heartbeatInterval().toMillis() / 2);
    announce();
    vertx.setPeriodic(services.settings().heartbeatInterval().toMillis(), id -> announce());
    vertx.setPeriodic(reapEvery, id -> {
      Lease held = lease.held();
      if (held != null) {
        reapLapsed(held);
      }
    });
    vertx.setPeriodic(services.settings().sweepInterval().toMillis(), id -> {
      Lease held = lease.held();
      if (held != null) {
        sweep();
        expireOverdue(held);
      }
    });
    return consumers.compose(v -> lease.start()).compose(v -> recover());
  }

  @Override
  public Future<?> stop() {
    return services.coordinators().leave(services.coordinatorId()).recover(e -> Future.succeededFuture())
        .compose(v -> lease.stop());
  }

  /** This coordinator's own presence ({@code coordinator:heartbeat:{id}}), for operators and peers. */
  private void announce() {
    services.coordinators().beat(services.coordinatorId(), services.settings().heartbeatTtl())
        .onFailure(e -> LOG.debug("Announcing this coordinator failed: {}", e.toString()));
  }

  /** Re-arms what the store holds: queued jobs, retry timers, and presence grace for running workers. */
  private Future<Void> recover() {
    return services.store().recovery().compose(recovery -> {
      LOG.info("Recovery: {} queued, {} running, {} waiting to retry",
          recovery.queued().size(), recovery.running().size(), recovery.retries().size());
      recovery.retries().forEach(r -> retries.arm(r.dueAt()));
      return graceForRunning(recovery)
          .compose(v -> recovery.queued().isEmpty() ? Future.succeededFuture() : services.queue().enqueue(recovery.queued()))
          .onSuccess(v -> vertx.eventBus().publish(Addresses.WAKE, null));
    });
  }

  /**
   * A worker that ran jobs before a restart gets one presence TTL to reconnect (and resume its
   * identity); if it does not, the normal lapse reaping fails its attempts as LOST.
   */
  private Future<Void> graceForRunning(Recovery recovery) {
    Set<String> workers = new HashSet<>();
    recovery.running().forEach(r -> workers.add(r.workerId()));
    if (workers.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.presence().active().compose(active -> {
      List<Future<Void>> beats = new ArrayList<>();
      workers.stream().filter(w -> !active.contains(w))
          .forEach(w -> beats.add(services.presence().beat(w, services.settings().heartbeatTtl())));
      return Future.all(beats).mapEmpty();
    });
  }

  private void workerLeft(JsonObject body) {
    String workerId = body.getString("worker_id");
    Future.all(services.presence().leave(workerId), services.store().removeWorker(workerId))
        .compose(v -> reap(workerId, "worker connection closed", null))
        .onFailure(e -> LOG.warn("Cleaning up after worker {} failed: {}", workerId, e.toString()));
  }

  /** Reaps workers whose presence lapsed; done under the lease, so a stale holder's writes are refused. */
  private void reapLapsed(Lease held) {
    services.coordinators().lapsed().onSuccess(gone -> gone.forEach(id -> {
      // Its workers' presence lapses too (their sessions died with it) and they are reaped below.
      LOG.warn("Coordinator {} stopped announcing itself", id);
      services.coordinators().leave(id);
    }));
    services.presence().lapsed().onSuccess(ids -> ids.forEach(workerId -> {
      LOG.warn("Worker {} missed its heartbeats; reaping its jobs", workerId);
      services.signals().closeSession(workerId, "heartbeat lapsed");
      reap(workerId, "worker presence lapsed", held)
          .compose(v -> Future.all(services.presence().leave(workerId), services.store().removeWorker(workerId)))
          .onFailure(e -> LOG.warn("Reaping worker {} failed: {}", workerId, e.toString()));
    })).onFailure(e -> LOG.warn("Reading lapsed workers failed: {}", e.toString()));
  }

  /**
   * Fails the attempts still RUNNING on this worker as LOST; they are retried per policy. With a
   * lease (a duty of the lease holder), the store refuses the batch if the lease was taken over.
   */
  private Future<Void> reap(String workerId, String why, Lease held) {
    return services.store().runningOn(workerId).compose(running -> {
      if (running.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Report> lost = new ArrayList<>(running.size());
      for (RunningAttempt attempt : running) {
        lost.add(Report.lost(attempt.jobId(), attempt.attempt(), workerId, why));
      }
      return (held == null ? services.store().report(lost) : reportUnderLease(lost, held)).compose(effects::apply);
    });
  }

  /**
   * A duty's writes, fenced by the lease: when the store saw a newer grant, this coordinator drops
   * the lease and its duties stop (the batch changed nothing).
   */
  private Future<ReportBatch> reportUnderLease(List<Report> reports, Lease held) {
    return services.store().report(reports, held).compose(batch -> {
      if (batch.results().stream().anyMatch(r -> ReportResult.STALE_LEASE.equals(r.code()))) {
        LOG.warn("Lease {} (token {}) was taken over: this coordinator stops its duties", held.name(), held.fencingToken());
        lease.drop();
        return Future.failedFuture(new IllegalStateException("lease superseded"));
      }
      return Future.succeededFuture(batch);
    });
  }

  private void armRetries(JsonObject body) {
    JsonArray due = body.getJsonArray("due");
    for (int i = 0; i < due.size(); i++) {
      retries.arm(Times.parse(due.getString(i)));
    }
  }

  /**
   * Moves the retries that are due: out of the queue's delayed set, and RETRY_WAIT → QUEUED in the
   * store (which releases every due retry, also those the delayed set lost), then into the queue.
   */
  private Future<Void> releaseRetries() {
    Instant now = Instant.now();
    return services.queue().takeDue(now, SWEEP_LIMIT).recover(e -> {
      LOG.debug("Reading due retries from the queue failed; the store decides: {}", e.toString());
      return Future.succeededFuture(List.of());
    }).compose(due -> services.store().releaseDueRetries(now)).compose(effects::apply)
        .onFailure(e -> LOG.warn("Releasing due retries failed: {}", e.toString()));
  }

  /**
   * The backstop for deadlines no scheduler watches (a start whose answer was lost, a scheduler that
   * died): RUNNING attempts well past their deadline time out here, under the lease.
   */
  private void expireOverdue(Lease held) {
    // Past this much after its deadline, the attempt's own scheduler has evidently not timed it out.
    Duration grace = Duration.ofMillis(Math.max(1000, 2 * services.settings().heartbeatInterval().toMillis()));
    Instant cutoff = Instant.now().minus(grace);
    services.store().overdue(cutoff, SWEEP_LIMIT).compose(overdue -> {
      if (overdue.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Report> timeouts = new ArrayList<>(overdue.size());
      overdue.forEach(a -> timeouts.add(Report.timeout(a.jobId(), a.attempt(), a.workerId(), a.timeoutMs())));
      return reportUnderLease(timeouts, held).compose(batch -> {
        // The workers may still run them: tell them to stop, wherever their sockets are.
        batch.results().stream().filter(ReportResult::applied).forEach(r -> batch.effects().cancels.add(
            new Effects.CancelOrder(r.report().jobId(), r.report().attempt(), r.report().workerId(), r.report().error())));
        if (!batch.effects().cancels.isEmpty()) {
          LOG.warn("{} attempts were past their deadline unwatched; timed out", batch.effects().cancels.size());
        }
        return effects.apply(batch);
      });
    }).onFailure(e -> LOG.warn("Expiring overdue attempts failed: {}", e.toString()));
  }

  /** Puts QUEUED jobs back in the queue (idempotent): the queue may have lost them (Redis flushed). */
  private void sweep() {
    releaseRetries();
    services.store().queued(SWEEP_LIMIT)
        .compose(jobs -> jobs.isEmpty() ? Future.succeededFuture() : services.queue().enqueue(jobs)
            .onSuccess(v -> vertx.eventBus().publish(Addresses.WAKE, null)))
        .onFailure(e -> LOG.warn("Sweeping queued jobs failed: {}", e.toString()));
    services.queue().depths().onSuccess(services.metrics()::queueDepths);
  }
}
