package io.orchestrator.scheduling;

import io.orchestrator.ports.EagerStarts;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.ReportBatch;
import io.orchestrator.ports.ReportResult;
import io.orchestrator.ports.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of reports: while {@link #MAX_IN_FLIGHT} batches are being written, the reports that
 * arrive wait and go together in the next. Two batches in flight overlap one's commit with the
 * other's statements (their workflow locks serialise them where they share a workflow); reports on a
 * job that a batch in flight reports on wait for it, so that each job's reports apply in the order
 * they came (a worker's completion before the "lost" of its attempt, say). A batch that
 * fails (the store is unreachable) is tried again with backoff; its callers get their answers only
 * once it is durable, so nothing is acknowledged early. Confined to the scheduler's event loop.
 */
final class ReportBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ReportBatcher.class);
  private static final int MAX_BATCH = 1000;
  static final int MAX_IN_FLIGHT = 2;
  private static final long MAX_BACKOFF_MS = 5000;

  private record Pending(List<Report> reports, Promise<List<ReportResult>> promise) {}

  /** The slots a batch frees that its released dependants may take at once (the local fast path). */
  interface Offers {
    Future<EagerStarts> of(List<Report> reports);
  }

  private final Vertx vertx;
  private final StateStore store;
  private final Offers offers;
  private final Consumer<ReportBatch> onCommitted;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;
  /** Jobs that the batches in flight report on. */
  private final Set<UUID> inFlightJobs = new HashSet<>();
  private long backoffMs;
  private boolean backingOff;

  ReportBatcher(Vertx vertx, StateStore store, Offers offers, Consumer<ReportBatch> onCommitted) {
    this.vertx = vertx;
    this.store = store;
    this.offers = offers;
    this.onCommitted = onCommitted;
  }

  Future<List<ReportResult>> submit(List<Report> reports) {
    Promise<List<ReportResult>> promise = Promise.promise();
    waiting.addLast(new Pending(reports, promise));
    flush();
    return promise.future();
  }

  private boolean touchesInFlight(Pending pending) {
    if (inFlight == 0) {
      return false;
    }
    for (Report report : pending.reports()) {
      if (inFlightJobs.contains(report.jobId())) {
        return true;
      }
    }
    return false;
  }

  private void flush() {
    if (inFlight >= MAX_IN_FLIGHT || backingOff || waiting.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    List<Report> reports = new ArrayList<>();
    while (!waiting.isEmpty() && (batch.isEmpty() || reports.size() + waiting.peekFirst().reports().size() <= MAX_BATCH)
        && !touchesInFlight(waiting.peekFirst())) {
      Pending next = waiting.pollFirst();
      batch.add(next);
      reports.addAll(next.reports());
    }
    if (batch.isEmpty()) {
      return; // the next reports wait for the batch in flight on their jobs
    }
    List<UUID> jobs = new ArrayList<>(reports.size());
    reports.forEach(report -> jobs.add(report.jobId()));
    inFlightJobs.addAll(jobs);
    inFlight++;
    offers.of(reports)
        .recover(e -> {
          LOG.debug("No fast path for this batch: {}", e.toString());
          return Future.succeededFuture(EagerStarts.NONE);
        })
        .compose(eager -> store.report(reports, eager)).onComplete(ar -> {
      inFlight--;
      jobs.forEach(inFlightJobs::remove);
      if (ar.succeeded()) {
        backoffMs = 0;
        try {
          onCommitted.accept(ar.result());
        } catch (RuntimeException e) {
          LOG.error("Follow-up of a committed report batch failed", e);
        }
        int offset = 0;
        for (Pending pending : batch) {
          int size = pending.reports().size();
          pending.promise().complete(ar.result().results().subList(offset, offset + size));
          offset += size;
        }
        flush();
      } else {
        backoffMs = backoffMs == 0 ? 100 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        LOG.warn("Writing {} reports failed ({}); trying again in {} ms", reports.size(), ar.cause().toString(), backoffMs);
        for (int i = batch.size() - 1; i >= 0; i--) {
          waiting.addFirst(batch.get(i));
        }
        backingOff = true;
        vertx.setTimer(backoffMs, id -> {
          backingOff = false;
          flush();
        });
      }
    });
  }
}
