package io.orchestrator.ports;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Ids;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link JobQueue} must do; run against each implementation by a subclass that makes
 * a fresh, empty queue per test.
 */
@ExtendWith(VertxExtension.class)
public abstract class JobQueueContract {

  /** The queue under test, empty at the start of each test. */
  protected abstract JobQueue queue();

  /** Another client of the same queue, over its own connections where the implementation has any. */
  protected abstract JobQueue secondClient();

  private static QueuedJob job(String queue, String type, int workflowPriority, int jobPriority) {
    return new QueuedJob(Ids.next(), Ids.next(), queue, type, workflowPriority, jobPriority);
  }

  private static List<UUID> ids(List<QueuedJob> jobs) {
    return jobs.stream().map(QueuedJob::jobId).toList();
  }

  @Test
  void ordersByWorkflowPriorityThenJobPriorityThenId() {
    QueuedJob plain = job("default", "t", 0, 0);
    QueuedJob urgentJob = job("default", "t", 0, 5);
    QueuedJob urgentWorkflow = job("default", "t", 1, -5);
    QueuedJob plainLater = job("default", "t", 0, 0);
    QueuedJob lowest = job("default", "t", -1, QueuedJob.MAX_PRIORITY);
    await(queue().enqueue(List.of(lowest, plainLater, plain, urgentJob, urgentWorkflow)));

    List<QueuedJob> claimed = await(queue().claim("default", Set.of(), 10));

    assertThat(claimed).containsExactly(urgentWorkflow, urgentJob, plain, plainLater, lowest);
  }

  @Test
  void theHeadIsTheJobAClaimWouldTakeFirstWhateverItsType() {
    QueuedJob plain = job("default", "a", 0, 0);
    QueuedJob urgent = job("default", "b", 1, 0);
    QueuedJob elsewhere = job("other", "a", 9, 0);
    assertThat(await(queue().head("default"))).isNull();
    await(queue().enqueue(List.of(plain, urgent, elsewhere)));

    QueueHead head = await(queue().head("default"));

    assertThat(head).isEqualTo(new QueueHead(urgent.score(), urgent.jobId()));
    assertThat(plain.goesBefore(head)).isFalse();
    assertThat(job("default", "a", 2, 0).goesBefore(head)).isTrue();
    assertThat(await(queue().claim("default", Set.of("a"), 1))).containsExactly(plain);
    assertThat(await(queue().head("default")).jobId()).isEqualTo(urgent.jobId());
    await(queue().claim("default", Set.of(), 1));
    assertThat(await(queue().head("default"))).isNull();
  }

  @Test
  void isFifoWithinAPriorityWhateverTheEnqueueOrder() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      jobs.add(job("default", "t", 3, 2));
    }
    List<QueuedJob> shuffled = new ArrayList<>(jobs);
    Collections.shuffle(shuffled, new Random(7));
    await(queue().enqueue(shuffled.subList(0, 25)));
    await(queue().enqueue(shuffled.subList(25, 50)));

    assertThat(ids(await(queue().claim("default", Set.of(), 50)))).containsExactlyElementsOf(ids(jobs));
  }

  @Test
  void enqueueIsIdempotent() {
    QueuedJob original = job("default", "t", 0, 1);
    QueuedJob samePromoted = new QueuedJob(original.jobId(), original.workflowId(), "default", "t", 9, 9);
    await(queue().enqueue(List.of(original, original)));
    await(queue().enqueue(List.of(samePromoted)));

    assertThat(await(queue().depths())).isEqualTo(Map.of("default", 1L));
    assertThat(await(queue().claim("default", Set.of(), 10))).containsExactly(original);
    assertThat(await(queue().claim("default", Set.of(), 10))).isEmpty();
  }

  @Test
  void typeFilteredClaimLeavesOtherTypesInPlaceAndInOrder() {
    QueuedJob a1 = job("default", "a", 0, 0);
    QueuedJob b1 = job("default", "b", 0, 0);
    QueuedJob a2 = job("default", "a", 0, 0);
    QueuedJob b2 = job("default", "b", 0, 0);
    QueuedJob c1 = job("default", "c", 0, 0);
    await(queue().enqueue(List.of(a1, b1, a2, b2, c1)));

    assertThat(await(queue().claim("default", Set.of("b"), 10))).containsExactly(b1, b2);
    assertThat(await(queue().claim("default", Set.of("c", "zzz"), 10))).containsExactly(c1);
    assertThat(await(queue().claim("default", Set.of("b"), 10))).isEmpty();
    assertThat(await(queue().claim("default", Set.of(), 10))).containsExactly(a1, a2);
  }

  @Test
  void typeFilterFindsJobsBehindManyOfOtherTypes() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      jobs.add(job("default", "common", 0, 0));
    }
    QueuedJob rare1 = job("default", "rare", 0, 0);
    QueuedJob rare2 = job("default", "rare", 0, 0);
    QueuedJob rare3 = job("default", "rare", 0, 0);
    jobs.addAll(List.of(rare1, rare2, rare3));
    await(queue().enqueue(jobs));

    assertThat(await(queue().claim("default", Set.of("rare"), 2))).containsExactly(rare1, rare2);
    assertThat(await(queue().depths())).isEqualTo(Map.of("default", 301L));
  }

  @Test
  void claimsInBatchesBestFirst() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(job("default", "t", 0, i));
    }
    await(queue().enqueue(jobs));
    List<QueuedJob> best = new ArrayList<>(jobs);
    Collections.reverse(best);

    assertThat(await(queue().claim("default", Set.of(), 4))).containsExactlyElementsOf(best.subList(0, 4));
    assertThat(await(queue().claim("default", Set.of(), 4))).containsExactlyElementsOf(best.subList(4, 8));
    assertThat(await(queue().claim("default", Set.of(), 4))).containsExactlyElementsOf(best.subList(8, 10));
    assertThat(await(queue().claim("default", Set.of(), 4))).isEmpty();
    assertThat(await(queue().claim("default", Set.of(), 0))).isEmpty();
  }

  @Test
  void twoConcurrentClaimersNeverShareAJob(Vertx vertx) {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      jobs.add(job("default", i % 3 == 0 ? "x" : "y", 0, i % 4));
    }
    await(queue().enqueue(jobs));
    List<QueuedJob> first = Collections.synchronizedList(new ArrayList<>());
    List<QueuedJob> second = Collections.synchronizedList(new ArrayList<>());

    await(Future.all(
        claimUntilEmpty(vertx, queue(), first), claimUntilEmpty(vertx, secondClient(), second)));

    Set<UUID> firstIds = new HashSet<>(ids(first));
    Set<UUID> secondIds = new HashSet<>(ids(second));
    assertThat(firstIds).hasSameSizeAs(first);
    assertThat(secondIds).hasSameSizeAs(second);
    Set<UUID> shared = new HashSet<>(firstIds);
    shared.retainAll(secondIds);
    assertThat(shared).isEmpty();
    Set<UUID> union = new HashSet<>(firstIds);
    union.addAll(secondIds);
    assertThat(union).isEqualTo(new HashSet<>(ids(jobs)));
  }

  /** Claims small batches, one after another, until the queue answers empty. */
  private static Future<Void> claimUntilEmpty(Vertx vertx, JobQueue client, List<QueuedJob> into) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> claimNext(client, into, done));
    return done.future();
  }

  private static void claimNext(JobQueue client, List<QueuedJob> into, Promise<Void> done) {
    client.claim("default", Set.of(), 7).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        done.complete();
      } else {
        into.addAll(ar.result());
        claimNext(client, into, done);
      }
    });
  }

  @Test
  void namedQueuesAreSeparate() {
    QueuedJob byDefault = job("default", "t", 0, 0);
    QueuedJob byNullName = job(null, "t", 0, 0);
    QueuedJob gpu = job("gpu", "t", 5, 5);
    await(queue().enqueue(List.of(byDefault, byNullName, gpu)));

    assertThat(await(queue().claim("gpu", Set.of(), 10))).containsExactly(gpu);
    assertThat(ids(await(queue().claim("default", Set.of(), 10))))
        .containsExactly(byDefault.jobId(), byNullName.jobId());
    assertThat(await(queue().claim("nobody-uses-this", Set.of(), 10))).isEmpty();
  }

  @Test
  void reportsTheDepthOfEachNonEmptyQueue() {
    assertThat(await(queue().depths())).isEmpty();
    await(queue().enqueue(List.of(
        job("default", "t", 0, 0), job("default", "t", 0, 0), job("default", "t", 0, 0),
        job("gpu", "t", 0, 0), job("gpu", "t", 0, 0))));

    assertThat(await(queue().depths())).isEqualTo(Map.of("default", 3L, "gpu", 2L));
    await(queue().claim("gpu", Set.of(), 10));
    assertThat(await(queue().depths())).isEqualTo(Map.of("default", 3L));
  }

  @Test
  void removesJobsFromTheirQueue() {
    QueuedJob keep1 = job("default", "t", 0, 0);
    QueuedJob drop = job("default", "t", 0, 0);
    QueuedJob keep2 = job("default", "t", 0, 0);
    QueuedJob dropNamed = job("gpu", "t", 0, 0);
    await(queue().enqueue(List.of(keep1, drop, keep2, dropNamed)));

    QueuedJob neverQueued = job("default", "t", 0, 0);
    await(queue().remove(List.of(drop, dropNamed, neverQueued)));

    assertThat(await(queue().depths())).isEqualTo(Map.of("default", 2L));
    assertThat(await(queue().claim("default", Set.of(), 10))).containsExactly(keep1, keep2);
    // A removed job may be enqueued again later (say, the workflow is retried).
    await(queue().enqueue(List.of(drop)));
    assertThat(await(queue().claim("default", Set.of(), 10))).containsExactly(drop);
  }

  @Test
  void delayedRetriesAreTakenOnceWhenDue() {
    java.time.Instant now = java.time.Instant.now();
    UUID past = UUID.randomUUID();
    UUID earlier = UUID.randomUUID();
    UUID later = UUID.randomUUID();
    await(queue().delay(List.of(new RetryTimer(later, now.plusSeconds(3600)), new RetryTimer(past, now.minusMillis(10)),
        new RetryTimer(earlier, now.minusSeconds(5)))));

    List<UUID> due = await(queue().takeDue(now, 10));

    assertThat(due).containsExactly(earlier, past);
    assertThat(await(queue().takeDue(now, 10))).isEmpty();
    assertThat(await(queue().takeDue(now.plusSeconds(7200), 10))).containsExactly(later);
  }
}
