package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Ids;
import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.JobQueueContract;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.testsupport.RedisTestSpace;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JobQueue contract against Redis, plus what only Redis has: key names, scripts, orphans. */
class RedisJobQueueTest extends JobQueueContract {
  private static RedisTestSpace space;
  private static RedisConnector second;

  private RedisKeys keys;
  private RedisJobQueue queue;
  private RedisJobQueue other;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, RedisJobQueueTest.class);
    second = TestRedis.connect(vertx);
  }

  @AfterAll
  static void cleanUp() {
    try {
      await(space.close());
    } finally {
      await(second.close());
    }
  }

  @BeforeEach
  void fresh() {
    keys = space.freshKeys();
    queue = new RedisJobQueue(space.redis(), keys);
    other = new RedisJobQueue(second, keys);
  }

  @Override
  protected JobQueue queue() {
    return queue;
  }

  @Override
  protected JobQueue secondClient() {
    return other;
  }

  private static Response send(Request request) {
    return await(space.redis().send(request));
  }

  @Test
  void usesThePublicKeyNamesWithJobIdsAsMembersAndTheScore() {
    QueuedJob byDefault = new QueuedJob(Ids.next(), Ids.next(), "default", "t", 2, 7);
    QueuedJob gpu = new QueuedJob(Ids.next(), Ids.next(), "gpu", "t", 0, -3);
    await(queue.enqueue(List.of(byDefault, gpu)));

    String defaultKey = keys.prefix() + "queue:pending_jobs";
    String gpuKey = keys.prefix() + "queue:pending_jobs:gpu";
    assertThat(keys.pendingJobs("default")).isEqualTo(defaultKey);
    assertThat(keys.pendingJobs("gpu")).isEqualTo(gpuKey);
    assertThat(strings(send(Request.cmd(Command.ZRANGE).arg(defaultKey).arg(0).arg(-1))))
        .containsExactly(byDefault.jobId().toString());
    assertThat(send(Request.cmd(Command.ZSCORE).arg(defaultKey).arg(byDefault.jobId().toString())).toDouble())
        .isEqualTo(byDefault.score());
    assertThat(strings(send(Request.cmd(Command.ZRANGE).arg(gpuKey).arg(0).arg(-1))))
        .containsExactly(gpu.jobId().toString());
  }

  @Test
  void worksAfterRedisForgetsItsScripts() {
    QueuedJob job = new QueuedJob(Ids.next(), Ids.next(), "default", "t", 0, 0);
    send(Request.cmd(Command.SCRIPT).arg("FLUSH"));

    await(queue.enqueue(List.of(job))); // EVALSHA answers NOSCRIPT; EVAL runs and caches it

    assertThat(await(queue.claim("default", Set.of(), 1))).containsExactly(job);
  }

  @Test
  void dropsIdsThatLostTheirMeta() {
    QueuedJob job = new QueuedJob(Ids.next(), Ids.next(), "default", "t", 0, 0);
    await(queue.enqueue(List.of(job)));
    String orphan = Ids.next().toString();
    send(Request.cmd(Command.ZADD).arg(keys.pendingJobs("default")).arg(-100).arg(orphan));

    assertThat(await(queue.claim("default", Set.of(), 10))).containsExactly(job);
    assertThat(await(queue.depths())).isEmpty();
  }

  @Test
  void aTypeFilteredClaimLooksNoFurtherThanTheScanLimit() {
    RedisJobQueue bounded = new RedisJobQueue(space.redis(), keys, 20);
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      jobs.add(new QueuedJob(Ids.next(), Ids.next(), "default", "common", 0, 0));
    }
    QueuedJob rare = new QueuedJob(Ids.next(), Ids.next(), "default", "rare", 0, 0);
    jobs.add(rare);
    await(bounded.enqueue(jobs));

    assertThat(await(bounded.claim("default", Set.of("rare"), 1))).isEmpty();
    assertThat(await(bounded.claim("default", Set.of("common"), 50))).hasSize(50);
    assertThat(await(bounded.claim("default", Set.of("rare"), 1))).containsExactly(rare);
    assertThat(await(bounded.depths())).isEqualTo(Map.of());
  }

  @Test
  void enqueuesLargeBatchesInChunks() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      jobs.add(new QueuedJob(Ids.next(), Ids.next(), "bulk", "t", 0, 0));
    }
    await(queue.enqueue(jobs));

    assertThat(await(queue.depths())).isEqualTo(Map.of("bulk", 1_234L));
    assertThat(await(queue.claim("bulk", Set.of(), 1_000))).containsExactlyElementsOf(jobs.subList(0, 1_000));
    await(queue.remove(jobs));
    assertThat(await(queue.depths())).isEmpty();
  }

  private static List<String> strings(Response response) {
    List<String> out = new ArrayList<>();
    response.forEach(item -> out.add(item.toString()));
    return out;
  }
}
