package io.orchestrator.e2e.durable;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static io.orchestrator.testsupport.TestCoordinator.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import io.orchestrator.testsupport.TestCoordinator;
import io.orchestrator.testsupport.TestDatabases;
import io.orchestrator.testsupport.TestRedis;
import io.orchestrator.worker.WorkerRuntime;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that says hello, takes a job and then goes silent (no heartbeat, no report, socket
 * left open): once its presence TTL lapses the coordinator closes its socket and the job runs
 * again on a live worker. In memory and on PostgreSQL + Redis.
 */
class PresenceLapseTest {
  private TestCoordinator it;
  private WebSocketClient client;
  private DatabaseUrl db;
  private String prefix;

  @AfterEach
  void tearDown() {
    if (it != null) {
      it.close();
    }
    if (prefix != null) {
      try (RawRedis redis = RawRedis.open()) {
        redis.deleteKeys(prefix);
      }
    }
    if (db != null) {
      TestDatabases.drop(db);
    }
  }

  /** Speaks the protocol by hand, so it can fall silent. */
  private final class SilentWorker {
    final WebSocket socket;
    final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    final AtomicBoolean closed = new AtomicBoolean();

    SilentWorker() {
      socket = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(it.coordinator.port()).setURI("/api/v1/workers/connect")));
      socket.textMessageHandler(text -> {
        if (text.trim().startsWith("[")) {
          new JsonArray(text).forEach(m -> inbox.add((JsonObject) m));
        } else {
          inbox.add(new JsonObject(text));
        }
      });
      socket.closeHandler(v -> closed.set(true));
    }

    JsonObject nextOfType(String type) throws InterruptedException {
      while (true) {
        JsonObject message = inbox.poll(TestCoordinator.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a '%s' from the coordinator", type).isNotNull();
        if (type.equals(message.getString("type"))) {
          return message;
        }
      }
    }

    String hello() throws InterruptedException {
      await(socket.writeTextMessage(new JsonObject().put("type", "hello").put("name", "silent")
          .put("queues", new JsonArray().add("default")).put("types", new JsonArray().add("echo"))
          .put("concurrency", 1).encode()));
      return nextOfType("welcome").getString("worker_id");
    }
  }

  /** Runs the scenario; answers the job's id and the silent worker's id. */
  private String[] silentWorkerIsReapedAndItsJobRunsElsewhere() throws InterruptedException {
    client = it.vertx.createWebSocketClient();
    SilentWorker silent = new SilentWorker();
    String silentId = silent.hello();
    JsonObject spec = new JsonObject().put("name", "lapse").put("jobs", new JsonArray().add(new JsonObject()
        .put("name", "only").put("type", "echo").put("retry", Workloads.RETRY)));
    String id = it.submit(spec).getString("id");
    JsonObject assign = silent.nextOfType("assign");
    assertThat(assign.getInteger("attempt")).isEqualTo(1);
    WorkerRuntime live = it.worker("live", 1, null);

    eventually("the silent worker's socket closed by the coordinator", silent.closed::get);
    assertThat(silent.socket.closeStatusCode()).as("close code (heartbeat lapsed)").isEqualTo((short) 4001);
    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job(done, "only").getInteger("attempt")).isEqualTo(2);
    assertThat(job(done, "only").getString("worker_id")).isEqualTo(live.workerId());
    List<JsonObject> events = it.get("/api/v1/workflows/" + id + "/events").getJsonArray("events").stream()
        .map(JsonObject.class::cast).filter(e -> "job_state".equals(e.getString("kind"))).toList();
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getString("from_state")).isEqualTo("RUNNING");
      assertThat(e.getInteger("attempt")).isEqualTo(1);
      assertThat(e.getString("worker_id")).isEqualTo(silentId);
    });
    return new String[] {assign.getString("job_id"), silentId};
  }

  @Test
  void inMemory() throws InterruptedException {
    it = TestCoordinator.memory();
    silentWorkerIsReapedAndItsJobRunsElsewhere();
  }

  @Test
  void onPostgresAndRedis() throws InterruptedException {
    db = TestDatabases.create("presence_lapse");
    prefix = TestRedis.uniquePrefix(getClass());
    it = TestCoordinator.durable("coordinator-lapse", 0, db, TestRedis.url(), prefix);

    String[] ids = silentWorkerIsReapedAndItsJobRunsElsewhere();

    List<Map<String, Object>> attempts = Sql.query(db, "SELECT attempt, worker_id, outcome FROM job_assignments "
        + "WHERE job_id = '" + ids[0] + "' ORDER BY attempt");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0)).containsEntry("worker_id", ids[1]).containsEntry("outcome", "LOST");
    assertThat(attempts.get(1)).containsEntry("outcome", "SUCCEEDED");
    Invariants.everyJobSucceededExactlyOnce(db);
    Invariants.auditTrailsAreComplete(db);
  }
}
