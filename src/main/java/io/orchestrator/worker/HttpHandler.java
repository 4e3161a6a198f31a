package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;

/**
 * {@code http}: one HTTP request. Payload: {@code url}, optional {@code method} (GET),
 * {@code headers} (object of strings), {@code body} (string, or JSON sent as JSON). Result:
 * {@code status}, {@code body} (text, first 64 KiB), {@code headers}. 5xx fails retryably, 4xx not.
 */
final class HttpHandler implements JobHandler {
  static final int MAX_BODY_BYTES = 64 * 1024;

  // Kept in a field: one client (and its pool) for all requests; an unreferenced client is closed.
  private WebClient client;
  private Vertx clientVertx;

  @Override
  public Future<JsonObject> handle(JobContext ctx) {
    JsonObject p = ctx.payload();
    String url = PayloadReader.requiredString(p, "url");
    HttpMethod method = HttpMethod.valueOf(
        PayloadReader.optionalString(p, "method", "GET").toUpperCase(java.util.Locale.ROOT));
    HttpRequest<Buffer> request;
    try {
      request = client(ctx.vertx()).requestAbs(method, url);
    } catch (RuntimeException e) {
      throw new JobFailure("invalid url " + url + ": " + e.getMessage(), false, e);
    }
    Object headers = p.getValue("headers");
    if (headers instanceof JsonObject h) {
      for (Map.Entry<String, Object> e : h) {
        request.putHeader(e.getKey(), String.valueOf(e.getValue()));
      }
    } else if (headers != null) {
      throw new JobFailure("payload.headers must be an object", false);
    }
    long timeout = PayloadReader.nonNegativeLong(p, "timeout_ms", ctx.timeoutMs());
    if (timeout > 0) {
      request.timeout(timeout);
    }
    Object body = p.getValue("body");
    Future<HttpResponse<Buffer>> sent;
    if (body == null) {
      sent = request.send();
    } else if (body instanceof String s) {
      sent = request.sendBuffer(Buffer.buffer(s));
    } else if (body instanceof JsonObject || body instanceof JsonArray) {
      sent = request.sendJson(body);
    } else {
      sent = request.sendBuffer(Buffer.buffer(String.valueOf(body)));
    }
    return sent.recover(e -> Future.failedFuture(
            new JobFailure(method + " " + url + " failed: " + e.getMessage(), true, e)))
        .compose(this::toResult);
  }

  private Future<JsonObject> toResult(HttpResponse<Buffer> response) {
    Buffer raw = response.body() == null ? Buffer.buffer() : response.body();
    boolean truncated = raw.length() > MAX_BODY_BYTES;
    String text = (truncated ? raw.getBuffer(0, MAX_BODY_BYTES) : raw).toString();
    JsonObject headers = new JsonObject();
    response.headers().names().forEach(n -> headers.put(n, String.join(", ", response.headers().getAll(n))));
    JsonObject result = new JsonObject().put("status", response.statusCode()).put("body", text)
        .put("headers", headers);
    if (truncated) {
      result.put("body_truncated", true);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(result);
    }
    String message = "HTTP " + status + ": " + Truncate.text(text, 512);
    return Future.failedFuture(new JobFailure(message, status >= 500));
  }

  private synchronized WebClient client(Vertx vertx) {
    if (client == null || clientVertx != vertx) {
      client = WebClient.create(vertx);
      clientVertx = vertx;
    }
    return client;
  }
}
