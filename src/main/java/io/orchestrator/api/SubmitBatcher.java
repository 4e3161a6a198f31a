package io.orchestrator.api;

import io.orchestrator.ports.StateStore;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of single-workflow submissions ({@code POST /api/v1/workflows}): while
 * {@link #MAX_IN_FLIGHT} store calls are running, the submissions that arrive wait and go together
 * in the next {@link StateStore#submitAll}, so that concurrent clients share one transaction instead
 * of one each. A submission that arrives when fewer are running goes at once: nobody waits for a
 * batch to fill. Each caller gets its own answer; two submissions with the same idempotency key
 * never share a call (the second then finds the first's workflow). A combined call that fails is
 * tried again one submission at a time, so one bad submission cannot fail the others. The
 * follow-up (enqueueing the roots, counting, waking the schedulers) runs once per call, for all its
 * submissions, before they are answered. Confined to the event loop of the API verticle that owns it.
 */
final class SubmitBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(SubmitBatcher.class);
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_BATCH = 500;

  private record Pending(SubmitRequest request, Promise<Submission> promise) {}

  private final StateStore store;
  private final int maxJobs;
  private final Function<List<Submission>, Future<Void>> followUp;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  /**
   * {@code maxJobs}: the most jobs one call may carry (as for a batch request), unless a single
   * submission has more. {@code followUp} gets the submissions of each call that succeeded; its
   * failure is not theirs.
   */
  SubmitBatcher(StateStore store, int maxJobs, Function<List<Submission>, Future<Void>> followUp) {
    this.store = store;
    this.maxJobs = maxJobs;
    this.followUp = followUp;
  }

  Future<Submission> submit(SubmitRequest request) {
    Promise<Submission> promise = Promise.promise();
    waiting.addLast(new Pending(request, promise));
    flush();
    return promise.future();
  }

  private void flush() {
    while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      List<Pending> batch = takeBatch();
      inFlight++;
      call(batch.stream().map(Pending::request).toList()).onComplete(ar -> {
        if (ar.succeeded()) {
          List<Submission> stored = ar.result();
          followUp(stored).onComplete(x -> {
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).promise().complete(stored.get(i));
            }
            done();
          });
        } else if (batch.size() == 1) {
          batch.get(0).promise().fail(ar.cause());
          done();
        } else {
          // Alone, each submission stands or falls by itself (the slot stays taken meanwhile).
          Future.join(batch.stream().map(this::alone).toList()).onComplete(x -> done());
        }
      });
    }
  }

  private Future<Submission> alone(Pending pending) {
    return call(List.of(pending.request()))
        .compose(stored -> followUp(stored).map(stored.get(0)))
        .onComplete(pending.promise());
  }

  /** The submissions are stored whatever happens here: a failed follow-up is logged, the sweeper repairs it. */
  private Future<Void> followUp(List<Submission> stored) {
    Future<Void> done;
    try {
      done = followUp.apply(stored);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.recover(e -> {
      LOG.warn("Follow-up of {} stored submissions failed; the sweeper enqueues their jobs: {}", stored.size(), e.toString());
      return Future.succeededFuture();
    });
  }

  /** The store's answer; a store that throws instead of failing its future answers the same way. */
  private Future<List<Submission>> call(List<SubmitRequest> requests) {
    try {
      return store.submitAll(requests);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void done() {
    inFlight--;
    flush();
  }

  /**
   * The oldest waiting submissions, up to MAX_BATCH of them and maxJobs jobs (at least one
   * submission), with no idempotency key twice.
   */
  private List<Pending> takeBatch() {
    List<Pending> batch = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    int jobs = 0;
    Iterator<Pending> it = waiting.iterator();
    while (it.hasNext() && batch.size() < MAX_BATCH) {
      Pending pending = it.next();
      int size = pending.request().spec().jobs().size();
      if (!batch.isEmpty() && jobs + size > maxJobs) {
        break;
      }
      String key = pending.request().idempotencyKey();
      if (key == null || keys.add(key)) {
        batch.add(pending);
        jobs += size;
        it.remove();
      }
    }
    return batch;
  }
}
