package io.orchestrator.ports;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link ChangeFeed} must do. {@link #feed()} is this coordinator's feed; {@link #peer()}
 * is another coordinator's feed on the same channel (the same instance for an in-process feed).
 */
@ExtendWith(VertxExtension.class)
public abstract class ChangeFeedContract {

  protected abstract ChangeFeed feed();

  protected abstract ChangeFeed peer();

  protected static JsonObject change(String workflowId, String kind, int n) {
    return new JsonObject().put("workflow_id", workflowId).put("kind", kind).put("n", n);
  }

  protected static List<Integer> numbers(List<JsonObject> received) {
    return received.stream().map(c -> c.getInteger("n")).toList();
  }

  @Test
  void everySubscriberGetsEachChangeOnceInOrder() {
    List<JsonObject> first = new CopyOnWriteArrayList<>();
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    await(feed().subscribe(first::add));
    await(feed().subscribe(second::add));

    await(feed().publish(new JsonArray().add(change("w1", "job_state", 1)).add(change("w1", "job_state", 2))
        .add(change("w2", "workflow_state", 3))));
    await(feed().publish(new JsonArray().add(change("w1", "marker", 4))));
    eventually(() -> first.size() >= 4 && second.size() >= 4);

    assertThat(numbers(first)).containsExactly(1, 2, 3, 4);
    assertThat(numbers(second)).containsExactly(1, 2, 3, 4);
    assertThat(first.get(2)).isEqualTo(change("w2", "workflow_state", 3));
  }

  @Test
  void changesPublishedByAnotherCoordinatorArrive() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(feed().subscribe(received::add));

    await(peer().publish(new JsonArray().add(change("w9", "progress", 7))));
    eventually(() -> !received.isEmpty());

    assertThat(received).containsExactly(change("w9", "progress", 7));
  }

  @Test
  void subscribersDoNotShareTheirCopies() {
    List<JsonObject> first = new CopyOnWriteArrayList<>();
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    await(feed().subscribe(change -> {
      change.put("n", 99); // a careless subscriber
      first.add(change);
    }));
    await(feed().subscribe(second::add));

    await(feed().publish(new JsonArray().add(change("w1", "job_state", 1))));
    eventually(() -> first.size() == 1 && second.size() == 1);

    assertThat(numbers(second)).containsExactly(1);
  }

  @Test
  void aFailingSubscriberDoesNotStopTheOthers() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(feed().subscribe(change -> {
      throw new IllegalStateException("boom (expected by the test)");
    }));
    await(feed().subscribe(received::add));

    await(feed().publish(new JsonArray().add(change("w1", "job_state", 1)).add(change("w1", "job_state", 2))));
    eventually(() -> received.size() == 2);

    assertThat(numbers(received)).containsExactly(1, 2);
  }

  @Test
  void anEmptyPublishDeliversNothing() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(feed().subscribe(received::add));

    await(feed().publish(new JsonArray()));
    await(feed().publish(new JsonArray().add(change("w1", "marker", 1))));
    eventually(() -> !received.isEmpty());

    assertThat(numbers(received)).containsExactly(1);
  }

  @Test
  void aClosedFeedRefusesSubscribers() {
    await(feed().close());

    assertThat(feed().subscribe(change -> { }).failed()).isTrue();
  }
}
