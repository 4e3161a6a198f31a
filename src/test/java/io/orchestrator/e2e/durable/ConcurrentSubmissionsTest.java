package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single submissions sent all at once on PostgreSQL and Redis: they share transactions (group
 * commit), yet each is answered as if alone — its own workflow, the replay of an idempotency key
 * answered with the first workflow — and every job they created is enqueued and runs exactly once.
 */
class ConcurrentSubmissionsTest {
  private static final int UNKEYED = 40;
  private static final int KEYS = 10;

  private DatabaseUrl db;
  private String prefix;
  private TestCoordinator it;
  private Workloads.Worker worker;
  private final Vertx client = Vertx.vertx();

  @BeforeEach
  void setUp() {
    db = TestDatabases.create("concurrent_submissions");
    prefix = TestRedis.uniquePrefix(getClass());
    it = TestCoordinator.durable("coordinator-submissions", 0, db, TestRedis.url(), prefix);
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.kill();
    }
    it.close();
    await(client.close());
    try (RawRedis redis = RawRedis.open()) {
      redis.deleteKeys(prefix);
    }
    TestDatabases.drop(db);
  }

  private static JsonObject workflow(String name) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "a").put("type", "echo"))
        .add(new JsonObject().put("name", "b").put("type", "echo").put("depends_on", new JsonArray().add("a"))));
  }

  @Test
  void concurrentPostsShareTransactionsAndAreEachAnsweredAlone() {
    int port = URI.create(it.wsUrl()).getPort();
    WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(UNKEYED + 2 * KEYS));
    List<String> names = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < UNKEYED + 2 * KEYS; i++) {
      // The keyed ones come in pairs: "keyed-3" and "keyed-3-again" carry the same key.
      String name = i < UNKEYED ? "plain-" + i : "keyed-" + (i - UNKEYED) / 2 + ((i - UNKEYED) % 2 == 1 ? "-again" : "");
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
      if (i >= UNKEYED) {
        headers.add("Idempotency-Key", "key-" + (i - UNKEYED) / 2);
      }
      names.add(name);
      answers.add(web.post("/api/v1/workflows").putHeaders(headers).sendBuffer(workflow(name).toBuffer()));
    }
    await(Future.join(answers));

    Set<String> ids = new HashSet<>();
    for (int i = 0; i < UNKEYED; i++) {
      HttpResponse<Buffer> answer = answers.get(i).result();
      assertThat(answer.statusCode()).as(names.get(i)).isEqualTo(201);
      assertThat(answer.bodyAsJsonObject().getString("name")).isEqualTo(names.get(i));
      ids.add(answer.bodyAsJsonObject().getString("id"));
    }
    assertThat(ids).as("one workflow each").hasSize(UNKEYED);
    for (int k = 0; k < KEYS; k++) {
      HttpResponse<Buffer> first = answers.get(UNKEYED + 2 * k).result();
      HttpResponse<Buffer> second = answers.get(UNKEYED + 2 * k + 1).result();
      assertThat(List.of(first.statusCode(), second.statusCode())).as("key-" + k).containsExactlyInAnyOrder(201, 200);
      assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
      ids.add(first.bodyAsJsonObject().getString("id"));
    }
    assertThat(Sql.count(db, "SELECT count(*) FROM workflows")).isEqualTo(UNKEYED + KEYS);
    // In PostgreSQL mode the workflows of one transaction share created_at: some were stored together.
    assertThat(Sql.count(db, "SELECT count(DISTINCT created_at) FROM workflows")).isLessThan(UNKEYED + KEYS);

    worker = Workloads.worker(List.of(it.wsUrl()), "w1", 8);
    assertThat(Workloads.finalStates(it, new ArrayList<>(ids))).containsOnly("SUCCEEDED");
    assertThat(Invariants.everyJobSucceededExactlyOnce(db)).isEqualTo(2L * (UNKEYED + KEYS));
    Invariants.auditTrailsAreComplete(db);
  }
}
