package io.orchestrator.redis;

import static io.orchestrator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.ports.Counters;
import io.orchestrator.ports.CountersContract;
import io.orchestrator.testsupport.RedisTestSpace;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Counters contract against Redis, plus the hash it lives in and sharing between coordinators. */
class RedisCountersTest extends CountersContract {
  private static RedisTestSpace space;

  private RedisKeys keys;
  private RedisCounters counters;

  @BeforeAll
  static void connect(Vertx vertx) {
    space = RedisTestSpace.open(vertx, RedisCountersTest.class);
  }

  @AfterAll
  static void cleanUp() {
    await(space.close());
  }

  @BeforeEach
  void fresh() {
    keys = space.freshKeys();
    counters = new RedisCounters(space.redis(), keys);
  }

  @Override
  protected Counters counters() {
    return counters;
  }

  @Test
  void totalsLiveInTheMetricsCountersHash() {
    await(counters.add(Map.of(Counters.JOBS_FAILED, 3L)));

    String key = keys.prefix() + "metrics:counters";
    assertThat(await(space.redis().send(Request.cmd(Command.HGET).arg(key).arg("jobs_failed"))).toLong())
        .isEqualTo(3L);
  }

  @Test
  void twoCoordinatorsShareTheTotals() {
    RedisCounters other = new RedisCounters(space.redis(), keys);
    await(counters.add(Map.of(Counters.WORKFLOWS_SUCCEEDED, 1L)));
    await(other.add(Map.of(Counters.WORKFLOWS_SUCCEEDED, 1L)));

    assertThat(await(counters.read())).containsEntry(Counters.WORKFLOWS_SUCCEEDED, 2L);
    assertThat(await(other.read())).containsEntry(Counters.WORKFLOWS_SUCCEEDED, 2L);
  }
}
