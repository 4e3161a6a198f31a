package io.orchestrator.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.orchestrator.domain.FieldError;
import io.orchestrator.domain.InvalidWorkflowException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes errors as RFC 9457 {@code application/problem+json}, and maps whatever a route failed
 * with (ApiException, web handler HttpException, malformed JSON, a bug) to one such answer. Server
 * errors are logged with their stack trace and a reference the client also receives; their
 * details never reach the client.
 */
public final class Problems {
  public static final String TYPE_BASE = "https://workflow-orchestrator.dev/problems/";
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /**
   * Makes every failure of {@code router} a problem: as each route's failure handler, and as the
   * handler of requests no route matched (404), or matched by path only (405) or not by content
   * type (406, 415): the router does not send those through failure handlers.
   */
  public static void install(Router router) {
    router.route().failureHandler(Problems::failureHandler);
    for (int status : new int[] {400, 404, 405, 406, 413, 415}) {
      router.errorHandler(status, Problems::failureHandler);
    }
  }

  /** Usable as {@code router.route().failureHandler(Problems::failureHandler)}. */
  public static void failureHandler(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    if (response.headWritten()) {
      // Too late for a problem body: the client would get a truncated answer; make it visible as one.
      LOG.error("Failure after the response started ({} {}); resetting the stream",
          rc.request().method(), rc.request().path(), rc.failure());
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    write(rc, toProblem(rc));
  }

  /**
   * The request body as a JSON object, or a 400 problem. Prefer it to {@code rc.body().asJsonObject()},
   * which throws a ClassCastException (a 500) when the body is valid JSON but not an object.
   */
  public static JsonObject jsonObjectBody(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required.");
    }
    Object value = Json.decodeValue(body); // DecodeException -> 400 malformed-json in the failure handler
    if (value instanceof JsonObject object) {
      return object;
    }
    String kind = value instanceof JsonArray ? "an array" : value == null ? "null" : "a " + value.getClass().getSimpleName();
    throw new ApiException(400, "malformed-json", "Malformed JSON", "The body must be a JSON object, got " + kind + ".");
  }

  /** Answers the request with {@code problem}. */
  public static Future<Void> write(RoutingContext rc, ApiException problem) {
    HttpServerResponse response = rc.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    return response.end(toJson(problem, rc.request().path()).toBuffer());
  }

  static JsonObject toJson(ApiException problem, String instance) {
    JsonObject body = new JsonObject()
        .put("type", TYPE_BASE + problem.slug())
        .put("title", problem.title())
        .put("status", problem.status())
        .put("detail", problem.detail())
        .put("instance", instance);
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      for (FieldError error : problem.errors()) {
        errors.add(error.toJson());
      }
      body.put("errors", errors);
    }
    return body;
  }

  /** What to answer for the failure of {@code rc}; logs what the client will not see. */
  static ApiException toProblem(RoutingContext rc) {
    Throwable failure = rc.failure();
    String where = rc.request().method() + " " + rc.request().path();
    if (failure instanceof ApiException api) {
      if (api.status() >= 500) {
        LOG.warn("{} answered {}: {}", where, api.status(), api.detail(), api.getCause());
      }
      return api;
    }
    if (failure instanceof InvalidWorkflowException invalid) {
      return ApiException.invalid("The workflow is invalid; every problem is listed in errors.", invalid.errors());
    }
    if (failure instanceof DecodeException decode) {
      return new ApiException(400, "malformed-json", "Malformed JSON",
          "The request body is not valid JSON: " + firstLine(decode.getMessage()), List.of(), decode);
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), failure, where);
    }
    if (failure == null && rc.statusCode() > 0) {
      return fromStatus(rc.statusCode(), null, where);
    }
    if (BackendFailures.isUnavailable(failure)) {
      LOG.warn("{} answered 503: a backing service is unreachable: {}", where, failure.toString());
      return ApiException.unavailable("A backing service (PostgreSQL or Redis) cannot be reached now; try again shortly.", failure);
    }
    return internal(failure, where);
  }

  private static ApiException fromStatus(int status, Throwable failure, String where) {
    return switch (status) {
      case 400 -> ApiException.badRequest("The request is malformed.");
      case 401 -> ApiException.unauthorized("A valid bearer token is required.");
      case 403 -> new ApiException(403, "forbidden", "Forbidden", "This token may not do this.");
      case 404 -> ApiException.notFound("No resource at " + where + ".");
      case 405 -> new ApiException(405, "method-not-allowed", "Method not allowed", where + " is not supported.");
      case 409 -> ApiException.conflict("The request conflicts with the current state.");
      case 413 -> ApiException.payloadTooLarge("The request body is larger than the configured limit.");
      case 415 -> ApiException.unsupportedMediaType("Send the body as application/json.");
      case 503 -> ApiException.unavailable("The service cannot handle the request now; try again.", failure);
      default -> status >= 400 && status < 500
          ? new ApiException(status, "http-" + status, HttpResponseStatus.valueOf(status).reasonPhrase(),
              HttpResponseStatus.valueOf(status).reasonPhrase() + ".")
          : internal(failure, where + " (status " + status + ")");
    };
  }

  private static ApiException internal(Throwable failure, String where) {
    String reference = UUID.randomUUID().toString();
    LOG.error("Unexpected failure handling {} (reference {})", where, reference, failure);
    return new ApiException(500, "internal-error", "Internal server error",
        "An unexpected error occurred; the server log has the details under reference " + reference + ".",
        List.of(), failure);
  }

  /** Jackson messages run over several lines and quote the source; the first line says what is wrong. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.lines().findFirst().orElse(message).strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
