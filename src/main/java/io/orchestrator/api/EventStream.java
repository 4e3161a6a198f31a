package io.orchestrator.api;

import io.orchestrator.ports.ChangeFeed;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events?workflow_id=<uuid>}: the live changes of one workflow as Server-Sent
 * Events ({@code event: change}, {@code data: <change JSON>}; progress reports have kind
 * {@code progress}), with a {@code : keepalive} comment every 15 s so that proxies keep the stream.
 *
 * <p>One feed subscription per coordinator feeds every open stream, however many HTTP verticle
 * instances mount the route. Delivery is best effort: a stream whose client does not keep up is
 * closed (the client reconnects and reads the audit trail for what it missed).
 */
public final class EventStream {
  public static final String PATH = "/api/v1/events";
  public static final long KEEPALIVE_MS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** One hub per feed; weak so that a closed and dropped feed takes its hub along. */
  private static final Map<ChangeFeed, Hub> HUBS = Collections.synchronizedMap(new WeakHashMap<>());

  private EventStream() {}

  public static void mount(Router router, ChangeFeed feed) {
    mount(router, feed, KEEPALIVE_MS);
  }

  /** As {@link #mount(Router, ChangeFeed)}, with another keepalive period (tests). */
  public static void mount(Router router, ChangeFeed feed, long keepaliveMs) {
    Hub hub = HUBS.computeIfAbsent(feed, Hub::new);
    router.get(PATH).handler(rc -> open(rc, hub, keepaliveMs));
  }

  /** Streams open on {@code feed}'s hub (for tests and diagnostics). */
  static int openStreams(ChangeFeed feed) {
    Hub hub = HUBS.get(feed);
    return hub == null ? 0 : hub.size();
  }

  private static void open(RoutingContext rc, Hub hub, long keepaliveMs) {
    String param = rc.request().getParam("workflow_id");
    String workflowId;
    try {
      workflowId = UUID.fromString(param == null ? "" : param.trim()).toString();
    } catch (IllegalArgumentException e) {
      rc.fail(ApiException.badRequest("workflow_id must be a workflow id (a UUID), got: "
          + (param == null ? "nothing" : "'" + param + "'")));
      return;
    }
    HttpServerResponse response = rc.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
    Stream stream = new Stream(rc.vertx(), Vertx.currentContext(), response, workflowId, hub);
    hub.add(stream);
    response.closeHandler(v -> stream.close());
    response.exceptionHandler(e -> stream.close());
    response.write(": connected\n\n"); // sends the headers now: the client sees the stream open
    stream.keepalive(keepaliveMs);
  }

  /** The one subscriber to the feed; hands each change to the streams of its workflow. */
  private static final class Hub {
    private final Map<String, Set<Stream>> byWorkflow = new ConcurrentHashMap<>();

    private final ChangeFeed feed;
    private boolean subscribed;

    Hub(ChangeFeed feed) {
      this.feed = feed;
    }

    /**
     * Subscribes when the first stream opens, not before: a feed that nobody listens to anywhere
     * can skip publishing (see RedisChangeFeed), which keeps state changes off Redis until needed.
     */
    private synchronized void subscribe() {
      if (!subscribed) {
        subscribed = true;
        feed.subscribe(this::onChange).onFailure(e ->
            LOG.warn("Event streams are not subscribed to the change feed yet: {}", e.toString()));
      }
    }

    void add(Stream stream) {
      subscribe();
      byWorkflow.computeIfAbsent(stream.workflowId, id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void remove(Stream stream) {
      byWorkflow.computeIfPresent(stream.workflowId, (id, streams) -> {
        streams.remove(stream);
        return streams.isEmpty() ? null : streams;
      });
    }

    int size() {
      return byWorkflow.values().stream().mapToInt(Set::size).sum();
    }

    private void onChange(JsonObject change) {
      Set<Stream> streams = byWorkflow.get(change.getString("workflow_id", ""));
      if (streams != null) {
        String event = "event: change\ndata: " + change.encode() + "\n\n";
        streams.forEach(stream -> stream.send(event));
      }
    }
  }

  /** One open response; written only on its own context. */
  private static final class Stream {
    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final String workflowId;
    private final Hub hub;
    private long timer = -1;
    private volatile boolean closed;

    Stream(Vertx vertx, Context context, HttpServerResponse response, String workflowId, Hub hub) {
      this.vertx = vertx;
      this.context = context;
      this.response = response;
      this.workflowId = workflowId;
      this.hub = hub;
    }

    void keepalive(long periodMs) {
      timer = vertx.setPeriodic(periodMs, id -> write(": keepalive\n\n"));
    }

    void send(String event) {
      context.runOnContext(v -> write(event));
    }

    private void write(String text) {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.warn("Closing the event stream of workflow {}: its client does not keep up", workflowId);
        close();
        response.reset();
        return;
      }
      response.write(text);
    }

    /** Idempotent: the close and exception handlers may both call it. */
    void close() {
      if (closed) {
        return;
      }
      closed = true;
      hub.remove(this);
      context.runOnContext(v -> vertx.cancelTimer(timer));
    }
  }
}
