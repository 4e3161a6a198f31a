package io.orchestrator.memory;

import io.orchestrator.ports.ChangeFeed;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of one process: publish calls every subscriber directly, on the publisher's
 * thread. A failing subscriber is logged and does not keep the others from their changes.
 */
public final class MemoryChangeFeed implements ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryChangeFeed.class);

  private final List<Handler<JsonObject>> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  @Override
  public boolean listened() {
    return !subscribers.isEmpty();
  }

  @Override
  public Future<Void> publish(JsonArray changes) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("change feed is closed"));
    }
    for (Object item : changes) {
      if (!(item instanceof JsonObject change)) {
        return Future.failedFuture(new IllegalArgumentException("a change must be a JSON object: " + item));
      }
    }
    for (Object item : changes) {
      for (Handler<JsonObject> subscriber : subscribers) {
        deliver(subscriber, (JsonObject) item);
      }
    }
    return Future.succeededFuture();
  }

  /** Each subscriber gets its own copy: one must not see another's edits. */
  private static void deliver(Handler<JsonObject> subscriber, JsonObject change) {
    try {
      subscriber.handle(change.copy());
    } catch (RuntimeException e) {
      LOG.error("A change feed subscriber failed on {}", change.getString("kind"), e);
    }
  }

  @Override
  public Future<Void> subscribe(Handler<JsonObject> onChange) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("change feed is closed"));
    }
    subscribers.add(onChange);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    subscribers.clear();
    return Future.succeededFuture();
  }
}
