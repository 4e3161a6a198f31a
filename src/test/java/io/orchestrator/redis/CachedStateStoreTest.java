package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.RedisUrl;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.memory.MemoryStateStore;
import io.orchestrator.ports.Assignment;
import io.orchestrator.ports.Report;
import io.orchestrator.ports.StartAttempt;
import io.orchestrator.ports.StateStore;
import io.orchestrator.testsupport.RedisTestSpace;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hot cache over a memory store and real Redis: read-your-writes, Redis fallbacks, bounds. */
@ExtendWith(VertxExtension.class)
class CachedStateStoreTest {
  private static final RetryPolicy NO_RETRY = new RetryPolicy(1, 0, 2.0, 0);
  private static final RetryPolicy RETRY_LATER = new RetryPolicy(3, 3_600_000, 2.0, 7_200_000);
  private static final String W1 = "worker-1";
  private static RedisTestSpace space;

  private RedisKeys keys;
  private StateStore store;
  private CachedStateStore cached;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, CachedStateStoreTest.class);
  }

  @AfterAll
  static void cleanUp() {
    await(space.close());
  }

  @BeforeEach
  void fresh() {
    keys = space.freshKeys();
    store = new MemoryStateStore("coord-1", Clock.systemUTC());
    cached = new CachedStateStore(store, space.redis(), keys);
  }

  private static WorkflowSpec oneJob(RetryPolicy retry) {
    return new WorkflowSpec("wf", 0, new JsonObject().put("team", "a"), List.of(
        new JobSpec("only", "echo", new JsonObject().put("x", 1), List.of(), "default", retry, 30_000, 0)));
  }

  private Workflow submit(RetryPolicy retry) {
    return await(cached.submit(oneJob(retry), null)).workflow();
  }

  private Assignment start(StateStore via, UUID jobId) {
    List<Assignment> started = await(via.start(List.of(new StartAttempt(jobId, W1))));
    assertThat(started).hasSize(1);
    return started.get(0);
  }

  /** A FAILED one-job workflow, read once through {@code via} so that Redis holds it. */
  private Workflow failedAndCached(CachedStateStore via) {
    Workflow workflow = submit(NO_RETRY);
    UUID jobId = workflow.jobs().get(0).id();
    Assignment a = start(via, jobId);
    await(via.report(List.of(Report.fail(jobId, a.attempt(), W1, "boom", false))));
    assertThat(await(via.workflow(workflow.id())).state()).isEqualTo(WorkflowState.FAILED);
    assertThat(await(via.job(jobId)).state()).isEqualTo(JobState.FAILED);
    assertThat(hexists(keys.cacheWorkflows(), workflow.id())).isTrue();
    assertThat(hexists(keys.cacheJobs(), jobId)).isTrue();
    return workflow;
  }

  private static boolean hexists(String hash, UUID id) {
    return await(space.redis().send(Request.cmd(Command.HEXISTS).arg(hash).arg(id.toString()))).toLong() == 1;
  }

  private static long count(Command command, String key) {
    Response reply = await(space.redis().send(Request.cmd(command).arg(key)));
    return reply == null ? 0 : reply.toLong();
  }

  @Test
  void readsYourSubmitAndStart() {
    Workflow workflow = submit(NO_RETRY);
    UUID jobId = workflow.jobs().get(0).id();
    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.QUEUED);

    start(cached, jobId);

    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.RUNNING);
    assertThat(count(Command.HLEN, keys.cacheJobs())).as("nothing unfinished is cached").isZero();
  }

  @Test
  void readsYourReportAndKeepsTheSucceededSnapshotInMemory() {
    Workflow workflow = submit(NO_RETRY);
    UUID jobId = workflow.jobs().get(0).id();
    Assignment a = start(cached, jobId);
    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);

    await(cached.report(List.of(Report.complete(jobId, a.attempt(), W1, new JsonObject().put("ok", true)))));

    Workflow done = await(cached.workflow(workflow.id()));
    assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
    assertThat(done.jobs().get(0).result()).isEqualTo(new JsonObject().put("ok", true));
    await(TestRedis.deleteKeys(space.redis(), keys.prefix()));
    assertThat(await(cached.workflow(workflow.id()))).as("from memory").isSameAs(done);
    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void readsYourReleaseOfDueRetries() {
    Workflow workflow = submit(RETRY_LATER);
    UUID jobId = workflow.jobs().get(0).id();
    Assignment a = start(cached, jobId);
    await(cached.report(List.of(Report.fail(jobId, a.attempt(), W1, "flaky", true))));
    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.RETRY_WAIT);

    await(cached.releaseDueRetries(Instant.now().plusSeconds(365L * 24 * 3600)));

    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void readsYourCancel() {
    Workflow workflow = submit(NO_RETRY);
    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);

    await(cached.cancel(workflow.id()));

    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.CANCELLED);
    assertThat(await(cached.job(workflow.jobs().get(0).id())).state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void readsYourRetryOfACachedFailedWorkflow() {
    Workflow workflow = failedAndCached(cached);
    UUID jobId = workflow.jobs().get(0).id();

    await(cached.retry(workflow.id()));

    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);
    assertThat(await(cached.job(jobId)).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void seesARetryMadeByAnotherCoordinator() {
    CachedStateStore other = new CachedStateStore(store, space.redis(), keys);
    Workflow workflow = failedAndCached(cached);

    await(other.retry(workflow.id()));

    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);
  }

  @Test
  void servesFromRedisAndFallsBackToTheStoreWhenRedisLostIt() {
    Workflow workflow = failedAndCached(cached);
    JsonObject doctored = new JsonObject(WorkflowJson.encode(await(store.workflow(workflow.id())))).put("name", "from-redis");
    await(space.redis().send(Request.cmd(Command.HSET).arg(keys.cacheWorkflows()).arg(workflow.id().toString())
        .arg(doctored.encode())));
    assertThat(await(cached.workflow(workflow.id())).name()).as("served by Redis").isEqualTo("from-redis");

    await(TestRedis.deleteKeys(space.redis(), keys.prefix()));

    Workflow fromStore = await(cached.workflow(workflow.id()));
    assertThat(fromStore.name()).isEqualTo("wf");
    assertThat(fromStore.state()).isEqualTo(WorkflowState.FAILED);
    assertThat(hexists(keys.cacheWorkflows(), workflow.id())).as("filled again").isTrue();
  }

  @Test
  void aFillThatReadTheStoreBeforeARetryIsNotStored() {
    RedisEntityCache cache = new RedisEntityCache(space.redis(), keys, 100, Clock.systemUTC());
    Workflow workflow = failedAndCached(cached);
    await(TestRedis.deleteKeys(space.redis(), keys.prefix()));
    String generation = await(cache.workflow(workflow.id())).generation(); // a slow reader starts
    Workflow old = await(store.workflow(workflow.id()));

    await(cached.retry(workflow.id())); // meanwhile, a retry commits
    boolean stored = await(cache.put(generation, List.of(
        new RedisEntityCache.Entry('w', old.id(), WorkflowJson.encode(old)))));

    assertThat(stored).isFalse();
    assertThat(await(cached.workflow(workflow.id())).state()).isEqualTo(WorkflowState.RUNNING);
  }

  @Test
  void redisKeepsAtMostItsBoundOfEntries() {
    CachedStateStore small = new CachedStateStore(store, space.redis(), keys, 3, 5, Clock.systemUTC());
    for (int i = 0; i < 6; i++) {
      failedAndCachedThrough(small);
    }

    long indexed = count(Command.ZCARD, keys.cacheIndex());
    long entries = count(Command.HLEN, keys.cacheWorkflows()) + count(Command.HLEN, keys.cacheJobs());
    assertThat(indexed).isEqualTo(5);
    assertThat(entries).isEqualTo(5);
  }

  private void failedAndCachedThrough(CachedStateStore via) {
    Workflow workflow = submit(NO_RETRY);
    UUID jobId = workflow.jobs().get(0).id();
    Assignment a = start(via, jobId);
    await(via.report(List.of(Report.fail(jobId, a.attempt(), W1, "boom", false))));
    assertThat(await(via.workflow(workflow.id())).state()).isEqualTo(WorkflowState.FAILED);
  }

  @Test
  void withoutRedisReadsAndWritesStillWork(Vertx vertx) {
    RedisConnector nowhere = RedisConnector.create(vertx, RedisUrl.parse("redis://127.0.0.1:1"), 1, 0, 1);
    try {
      CachedStateStore blind = new CachedStateStore(store, nowhere, keys);
      Workflow workflow = await(blind.submit(oneJob(NO_RETRY), null)).workflow();
      UUID jobId = workflow.jobs().get(0).id();
      Assignment a = start(blind, jobId);
      await(blind.report(List.of(Report.complete(jobId, a.attempt(), W1, null))));

      assertThat(await(blind.workflow(workflow.id())).state()).isEqualTo(WorkflowState.SUCCEEDED);
      Job job = await(blind.job(jobId));
      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    } finally {
      await(nowhere.close());
    }
  }
}
