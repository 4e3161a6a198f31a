package io.orchestrator.scheduling;

import static io.orchestrator.testsupport.TestCoordinator.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.coordinator.Addresses;
import io.orchestrator.coordinator.Services;
import io.orchestrator.domain.Ids;
import io.orchestrator.testsupport.TestCoordinator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers of one coordinator, each on its own event loop (as each HTTP API loop runs one),
 * and a worker whose session moves from one to the other: what a reconnecting worker does when its
 * new connection lands on another loop. The sessions are played by the test on the event bus.
 */
class SchedulerShardsTest {
  private TestCoordinator it;

  @AfterEach
  void stop() {
    if (it != null) {
      it.close();
    }
  }

  /** Hosts one scheduler on its own context, as an HTTP API verticle does. */
  private static final class Host extends VerticleBase {
    private final Services services;
    private final Addresses.Shard shard;

    Host(Services services, Addresses.Shard shard) {
      this.services = services;
      this.shard = shard;
    }

    @Override
    public Future<?> start() {
      return new Scheduler(vertx, services, shard).start();
    }
  }

  @Test
  void aWorkerThatMovesToAnotherSchedulerIsForgottenByTheOldOneNotReaped() throws Exception {
    it = TestCoordinator.memory();
    Services services = it.coordinator.services();
    Addresses.Shard a = Addresses.Shard.next();
    Addresses.Shard b = Addresses.Shard.next();
    await(it.vertx.deployVerticle(new Host(services, a)));
    await(it.vertx.deployVerticle(new Host(services, b)));
    EventBus bus = it.vertx.eventBus();
    String worker = Ids.next().toString();
    LinkedBlockingQueue<JsonObject> assigns = new LinkedBlockingQueue<>();
    await(bus.<JsonObject>consumer(Addresses.session(worker), m -> {
      Buffer frame = m.body().getBuffer(Addresses.FRAME);
      if (frame != null) {
        JsonArray messages = frame.toString().startsWith("[") ? new JsonArray(frame) : new JsonArray().add(new JsonObject(frame));
        messages.forEach(x -> assigns.add((JsonObject) x));
      }
    }).completion());

    await(bus.request(a.joined(), joined(worker, "session-1")));
    String first = it.submit(oneJob("first")).getString("id");
    JsonObject running = take(assigns);
    assertThat(running.getString("workflow_id")).isEqualTo(first);

    // The worker reconnects and its new session lands on the other loop: the old session tells its
    // scheduler (WorkerSession on "replace"), the new one joins there and adopts the running job.
    bus.send(a.replaced(), new JsonObject().put("worker_id", worker).put("session_id", "session-1"));
    await(bus.request(b.joined(), joined(worker, "session-2")));

    // One slot of two is taken: of two new jobs, one is assigned; a slot kept by the old scheduler
    // would claim the other too, beyond the worker's concurrency.
    String second = it.submit(oneJob("second")).getString("id");
    String third = it.submit(oneJob("third")).getString("id");
    JsonObject next = take(assigns);
    assertThat(List.of(second, third)).contains(next.getString("workflow_id"));
    assertThat(assigns.poll(500, TimeUnit.MILLISECONDS)).as("an assignment beyond the worker's concurrency").isNull();
    JsonObject job = TestCoordinator.job(it.workflow(first), "a");
    assertThat(job.getString("state")).isEqualTo("RUNNING");
    assertThat(job.getString("worker_id")).isEqualTo(worker);
    assertThat(job.getInteger("attempt")).isEqualTo(1);
  }

  private static JsonObject joined(String worker, String session) {
    return new JsonObject().put("worker_id", worker).put("session_id", session)
        .put("queues", new JsonArray().add("default")).put("types", new JsonArray()).put("concurrency", 2);
  }

  private static JsonObject oneJob(String name) {
    return new JsonObject().put("name", name).put("jobs", new JsonArray().add(new JsonObject().put("name", "a").put("type", "echo")));
  }

  private static JsonObject take(LinkedBlockingQueue<JsonObject> queue) throws InterruptedException {
    JsonObject message = queue.poll(TestCoordinator.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(message).as("an assignment").isNotNull();
    return message;
  }
}
