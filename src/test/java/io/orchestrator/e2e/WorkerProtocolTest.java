package io.orchestrator.e2e;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static io.orchestrator.testsupport.TestCoordinator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.Limits;
import io.orchestrator.coordinator.CoordinatorMetrics;
import io.orchestrator.coordinator.ServicesFactory;
import io.orchestrator.gateway.WorkerSession;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker protocol spoken by hand: bad frames and foreign reports get {@code error}, and change nothing. */
class WorkerProtocolTest {
  private TestCoordinator it;
  private WebSocketClient client;

  @AfterEach
  void stop() {
    if (it != null) {
      it.close();
    }
  }

  /** A raw worker connection that queues every message it receives. */
  private final class RawWorker {
    final WebSocket socket;
    final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    /** Per frame received: how many of its messages were assignments. */
    final List<Integer> assignmentsPerFrame = new java.util.concurrent.CopyOnWriteArrayList<>();

    RawWorker(String token) {
      this(token, client);
    }

    RawWorker(String token, WebSocketClient client) {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(it.coordinator.port()).setURI("/api/v1/workers/connect");
      if (token != null) {
        options.addHeader("Authorization", "Bearer " + token);
      }
      socket = await(client.connect(options));
      socket.textMessageHandler(text -> {
        List<JsonObject> messages = new java.util.ArrayList<>();
        if (text.trim().startsWith("[")) {
          new JsonArray(text).forEach(m -> messages.add((JsonObject) m));
        } else {
          messages.add(new JsonObject(text));
        }
        long assigns = messages.stream().filter(m -> "assign".equals(m.getString("type"))).count();
        if (assigns > 0) {
          assignmentsPerFrame.add((int) assigns);
        }
        inbox.addAll(messages);
      });
    }

    void send(String text) {
      await(socket.writeTextMessage(text));
    }

    JsonObject next() {
      try {
        JsonObject message = inbox.poll(TestCoordinator.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message from the coordinator").isNotNull();
        return message;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    JsonObject nextOfType(String type) {
      while (true) {
        JsonObject message = next();
        if (type.equals(message.getString("type"))) {
          return message;
        }
      }
    }

    String hello(int concurrency) {
      return hello(concurrency, null);
    }

    /** Says hello, resuming the identity {@code workerId} when it is not null. */
    String hello(int concurrency, String workerId) {
      JsonObject hello = new JsonObject().put("type", "hello").put("name", "raw").put("queues", new JsonArray().add("default"))
          .put("types", new JsonArray().add("echo")).put("concurrency", concurrency);
      if (workerId != null) {
        hello.put("worker_id", workerId);
      }
      send(hello.encode());
      return nextOfType("welcome").getString("worker_id");
    }
  }

  private void startMemory(String workerToken) {
    it = TestCoordinator.start(TestCoordinator.settings(null, workerToken, Limits.DEFAULTS, 1 << 20),
        (v, s) -> ServicesFactory.memory(v, "coordinator-test", s, CoordinatorMetrics.create()));
    client = it.vertx.createWebSocketClient();
  }

  @Test
  void badFramesAreAnsweredWithErrorsAndTheSessionStaysUp() {
    startMemory(null);
    RawWorker raw = new RawWorker(null);

    raw.send("{\"type\":\"complete\",\"job_id\":\"x\"}");
    JsonObject first = raw.next();
    assertThat(first.getString("type")).isEqualTo("error");
    assertThat(first.getString("code")).isEqualTo("hello_required");
    raw.send("this is not json");
    assertThat(raw.next().getString("code")).isEqualTo("bad_frame");
    raw.send("[1, 2]");
    assertThat(raw.next().getString("code")).isEqualTo("bad_frame");
    raw.send("{\"no_type\": true}");
    assertThat(raw.next().getString("code")).isEqualTo("bad_frame");

    String workerId = raw.hello(1);
    assertThat(workerId).isNotBlank();
    raw.send("{\"type\":\"teleport\"}");
    assertThat(raw.next().getString("code")).isEqualTo("unknown_type");
    raw.send("{\"type\":\"complete\",\"job_id\":\"not-a-uuid\",\"attempt\":1}");
    assertThat(raw.next().getString("code")).isEqualTo("bad_field");
    raw.send("{\"type\":\"fail\",\"job_id\":\"01a21b95-aeeb-7000-96ea-a141d05ee42c\",\"attempt\":0}");
    assertThat(raw.next().getString("code")).isEqualTo("bad_field");
    raw.send("{\"type\":\"complete\",\"job_id\":\"01a21b95-aeeb-7000-96ea-a141d05ee42c\",\"attempt\":1,\"result\":{}}");
    JsonObject unknown = raw.next();
    assertThat(unknown.getString("code")).isEqualTo("unknown_job");
    assertThat(unknown.getString("job_id")).isEqualTo("01a21b95-aeeb-7000-96ea-a141d05ee42c");
    raw.send("{\"type\":\"hello\",\"concurrency\":1}");
    assertThat(raw.next().getString("code")).isEqualTo("already_registered");
    await(raw.socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer("{\"type\":\"drain\"}")));
    JsonObject binary = raw.next();
    assertThat(binary.getString("code")).isEqualTo("bad_frame");
    assertThat(binary.getString("message")).contains("binary");
    // A message in fragments is read whole: this one is a report, answered as one.
    await(raw.socket.writeFrame(WebSocketFrame.textFrame("{\"type\":\"complete\",\"job_id\":", false)));
    await(raw.socket.writeFrame(WebSocketFrame.continuationFrame(
        io.vertx.core.buffer.Buffer.buffer("\"01a21b95-aeeb-7000-96ea-a141d05ee42c\","), false)));
    await(raw.socket.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("\"attempt\":1}"), true)));
    assertThat(raw.next().getString("code")).isEqualTo("unknown_job");

    // Still up: it receives and completes a job.
    String id = it.submit(new JsonObject().put("name", "after-errors").put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "a").put("type", "echo")))).getString("id");
    JsonObject assign = raw.nextOfType("assign");
    raw.send(new JsonObject().put("type", "complete").put("job_id", assign.getString("job_id"))
        .put("attempt", assign.getInteger("attempt")).put("result", new JsonObject().put("ok", true)).encode());
    JsonObject ack = raw.nextOfType("ack");
    assertThat(ack.getString("job_id")).isEqualTo(assign.getString("job_id"));
    assertThat(it.awaitTerminal(id).getString("state")).isEqualTo("SUCCEEDED");
  }

  /**
   * A worker that reconnects four times, resuming its identity, keeps its running job and is never
   * given more than its concurrency. Every HTTP event loop schedules for its own sessions and a new
   * connection may land on any loop (which one is up to the server: here they often all land on
   * one); SchedulerShardsTest forces the move to another loop's scheduler.
   */
  @Test
  void aWorkerThatResumesItsIdentityKeepsItsRunningJobWhicheverLoopItLandsOn() throws Exception {
    startMemory(null);
    RawWorker current = new RawWorker(null);
    String workerId = current.hello(2);
    String first = it.submit(oneEcho("first")).getString("id");
    JsonObject running = current.nextOfType("assign");
    for (int reconnect = 0; reconnect < 4; reconnect++) {
      RawWorker next = new RawWorker(null);
      assertThat(next.hello(2, workerId)).isEqualTo(workerId);
      current = next;
    }

    // One slot of two is taken by the adopted attempt: of two new jobs, one is assigned now.
    String second = it.submit(oneEcho("second")).getString("id");
    String third = it.submit(oneEcho("third")).getString("id");
    JsonObject assigned = current.nextOfType("assign");
    Thread.sleep(500); // time for a forgotten slot on another loop to claim the other one
    assertThat(current.inbox).noneMatch(m -> "assign".equals(m.getString("type")));
    JsonObject job = TestCoordinator.job(it.workflow(first), "a");
    assertThat(job.getString("state")).isEqualTo("RUNNING");
    assertThat(job.getInteger("attempt")).isEqualTo(1);

    complete(current, running);
    JsonObject last = current.nextOfType("assign"); // skips the first job's ack, if it came first
    complete(current, assigned);
    complete(current, last);
    for (String id : List.of(first, second, third)) {
      assertThat(it.awaitTerminal(id).getString("state")).isEqualTo("SUCCEEDED");
      assertThat(TestCoordinator.job(it.workflow(id), "a").getInteger("attempt")).isEqualTo(1);
    }
    assertThat(Set.of(assigned.getString("workflow_id"), last.getString("workflow_id"))).containsExactlyInAnyOrder(second, third);
    assertThat(current.inbox).noneMatch(m -> "assign".equals(m.getString("type")));
  }

  private static JsonObject oneEcho(String name) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray().add(new JsonObject().put("name", "a").put("type", "echo")));
  }

  /** Reports the job done; its ack is left in the inbox (an assignment may come first). */
  private static void complete(RawWorker worker, JsonObject assign) {
    worker.send(new JsonObject().put("type", "complete").put("job_id", assign.getString("job_id"))
        .put("attempt", assign.getInteger("attempt")).put("result", new JsonObject()).encode());
  }

  @Test
  void reportsOnAnotherWorkersJobOrAStaleAttemptAreRejectedAndChangeNothing() {
    startMemory(null);
    RawWorker owner = new RawWorker(null);
    owner.hello(1);
    RawWorker intruder = new RawWorker(null);
    intruder.hello(1);
    // Both are idle; submit one job: exactly one of them gets it.
    String id = it.submit(new JsonObject().put("name", "owned").put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "a").put("type", "echo")))).getString("id");
    eventually("the job to start", () -> "RUNNING".equals(TestCoordinator.job(it.workflow(id), "a").getString("state")));
    String jobWorker = TestCoordinator.job(it.workflow(id), "a").getString("worker_id");
    RawWorker holder = owner;
    RawWorker other = intruder;
    JsonObject assign = owner.inbox.stream().filter(m -> "assign".equals(m.getString("type"))).findFirst().orElse(null);
    if (assign == null) {
      holder = intruder;
      other = owner;
    }
    assign = holder.nextOfType("assign");
    String jobId = assign.getString("job_id");

    other.send(new JsonObject().put("type", "complete").put("job_id", jobId).put("attempt", 1)
        .put("result", new JsonObject().put("forged", true)).encode());
    assertThat(other.nextOfType("error").getString("code")).isEqualTo("not_your_job");
    holder.send(new JsonObject().put("type", "complete").put("job_id", jobId).put("attempt", 7).put("result", new JsonObject()).encode());
    assertThat(holder.nextOfType("error").getString("code")).isEqualTo("stale_attempt");
    JsonObject still = TestCoordinator.job(it.workflow(id), "a");
    assertThat(still.getString("state")).isEqualTo("RUNNING");
    assertThat(still.getString("worker_id")).isEqualTo(jobWorker);

    holder.send(new JsonObject().put("type", "complete").put("job_id", jobId).put("attempt", 1)
        .put("result", new JsonObject().put("real", true)).encode());
    assertThat(holder.nextOfType("ack").getString("job_id")).isEqualTo(jobId);
    JsonObject done = it.awaitTerminal(id);
    assertThat(TestCoordinator.job(done, "a").getJsonObject("result").getBoolean("real")).isTrue();
    List<String> kinds = it.get("/api/v1/workflows/" + id + "/events").getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getString("kind")).toList();
    assertThat(kinds).filteredOn("report_rejected"::equals).hasSize(2);
  }

  /**
   * Assignments are sent as the bytes the scheduler wrote, in one frame; a message above the
   * server's frame size (here 20 assignments of 900 KB) is split into continuation frames instead,
   * and still arrives whole.
   */
  @Test
  void assignmentsLargerThanOneFrameArriveWhole() {
    it = TestCoordinator.start(TestCoordinator.settings(null, null, Limits.DEFAULTS, 2 << 20),
        (v, s) -> ServicesFactory.memory(v, "coordinator-test", s, CoordinatorMetrics.create()));
    client = it.vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
        .setMaxFrameSize(WorkerSession.MAX_FRAME_BYTES).setMaxMessageSize(64 << 20));
    String big = "x".repeat(900 * 1024);
    int jobs = 20;
    for (int i = 0; i < jobs; i++) {
      it.submit(new JsonObject().put("name", "big-" + i).put("jobs", new JsonArray().add(new JsonObject()
          .put("name", "a").put("type", "echo").put("payload", new JsonObject().put("i", i).put("blob", big)))));
    }
    RawWorker raw = new RawWorker(null, client);
    raw.hello(jobs); // every job is queued already: the first push carries them all (~18 MB, above 16 MB)

    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < jobs; i++) {
      JsonObject payload = raw.nextOfType("assign").getJsonObject("payload");
      assertThat(payload.getString("blob")).isEqualTo(big);
      seen.add(payload.getInteger("i"));
    }
    assertThat(seen).hasSize(jobs);
  }

  /**
   * In memory mode a worker's free slots are filled in rounds of at most 16 jobs (the memory store's
   * start batch), so that the first jobs travel while the next are started; all 50 arrive.
   */
  @Test
  void memoryModeFillsFreeSlotsInRoundsOfSixteen() {
    startMemory(null);
    int jobs = 50;
    for (int i = 0; i < jobs; i++) {
      it.submit(new JsonObject().put("name", "r-" + i).put("jobs", new JsonArray()
          .add(new JsonObject().put("name", "a").put("type", "echo"))));
    }
    RawWorker raw = new RawWorker(null);
    raw.hello(jobs);
    java.util.Set<String> assigned = new java.util.HashSet<>();
    for (int i = 0; i < jobs; i++) {
      assigned.add(raw.nextOfType("assign").getString("job_id"));
    }
    assertThat(assigned).hasSize(jobs);
    assertThat(raw.assignmentsPerFrame).hasSizeGreaterThanOrEqualTo(4).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(16));
  }

  @Test
  void workerTokenIsRequiredOnTheUpgradeWhenConfigured() {
    startMemory("s3cret");
    WebSocketConnectOptions noToken = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(it.coordinator.port()).setURI("/api/v1/workers/connect");
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> await(client.connect(noToken)));
    assertThat(refused).isNotNull().hasMessageContaining("401");
    Throwable wrong = org.assertj.core.api.Assertions.catchThrowable(() -> await(client.connect(
        new WebSocketConnectOptions(noToken).addHeader("Authorization", "Bearer nope"))));
    assertThat(wrong).isNotNull().hasMessageContaining("401");
    // The refusal is a problem+json 401 with the challenge, as on every other path.
    var plain = it.request("GET", "/api/v1/workers/connect", null, io.vertx.core.MultiMap.caseInsensitiveMultiMap());
    assertThat(plain.statusCode()).isEqualTo(401);
    assertThat(plain.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(plain.getHeader("Content-Type")).startsWith("application/problem+json");

    RawWorker allowed = new RawWorker("s3cret");
    assertThat(allowed.hello(1)).isNotBlank();
  }

  @Test
  void anAssignmentTheWorkerDoesNotRunIsLostAtItsNextHeartbeatsAndRunsElsewhere() {
    startMemory(null);
    RawWorker forgetful = new RawWorker(null);
    String forgetfulId = forgetful.hello(1);
    String id = it.submit(new JsonObject().put("name", "forgotten").put("jobs", new JsonArray()
        .add(new JsonObject().put("name", "a").put("type", "echo")
            .put("retry", new JsonObject().put("max_attempts", 1))))).getString("id");
    JsonObject assign = forgetful.nextOfType("assign");
    assertThat(assign.getString("job_id")).isEqualTo(TestCoordinator.job(it.workflow(id), "a").getString("id"));

    // Alive (heartbeats keep its presence) and draining (so the retry goes elsewhere), but it says
    // it runs nothing.
    forgetful.send("{\"type\":\"drain\"}");
    it.worker("real", 1, null);
    long stopAt = System.nanoTime() + TestCoordinator.WAIT.toNanos();
    while (!"SUCCEEDED".equals(TestCoordinator.job(it.workflow(id), "a").getString("state")) && System.nanoTime() < stopAt) {
      forgetful.send("{\"type\":\"heartbeat\",\"running\":[]}");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    JsonObject done = it.awaitTerminal(id);

    assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(TestCoordinator.job(done, "a").getInteger("attempt")).isEqualTo(2);
    assertThat(TestCoordinator.job(done, "a").getString("worker_id")).isNotEqualTo(forgetfulId);
  }
}
