package io.orchestrator.api;

import io.orchestrator.domain.FieldError;
import java.util.List;

/**
 * The one exception a route throws (or fails its context with) to answer with an error. It carries
 * the HTTP status and a stable problem type slug; {@link Problems} turns it into
 * {@code application/problem+json}. Details must be safe to show to the client.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final String detail;
  private final List<FieldError> errors;

  public ApiException(int status, String slug, String title, String detail, List<FieldError> errors, Throwable cause) {
    super(status + " " + slug + ": " + detail, cause);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.detail = detail;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public ApiException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of(), null);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", "Bad request", detail);
  }

  /** 400 with one entry per invalid field (e.g. everything wrong with a submitted workflow). */
  public static ApiException invalid(List<FieldError> errors) {
    return invalid("The request has " + errors.size() + " invalid field(s); see errors.", errors);
  }

  public static ApiException invalid(String detail, List<FieldError> errors) {
    return new ApiException(400, "validation-failed", "Invalid request", detail, errors, null);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", "Not found", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", "Conflict", detail);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", "Unauthorized", detail);
  }

  public static ApiException unsupportedMediaType(String detail) {
    return new ApiException(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  public static ApiException payloadTooLarge(String detail) {
    return new ApiException(413, "payload-too-large", "Payload too large", detail);
  }

  /** 503: a backing service (PostgreSQL, Redis) cannot serve the request now; the cause is logged, not shown. */
  public static ApiException unavailable(String detail, Throwable cause) {
    return new ApiException(503, "unavailable", "Service unavailable", detail, List.of(), cause);
  }

  public static ApiException unavailable(String detail) {
    return unavailable(detail, null);
  }

  public int status() {
    return status;
  }

  /** The stable last segment of the problem type URI, e.g. {@code not-found}. */
  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
