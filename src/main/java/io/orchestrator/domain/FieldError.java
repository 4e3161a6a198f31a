package io.orchestrator.domain;

import io.vertx.core.json.JsonObject;

/**
 * One problem with one field of a request. {@code field} is a path such as
 * {@code jobs[2].depends_on[0]}; {@code code} is stable (clients branch on it), {@code message} is
 * for humans.
 */
public record FieldError(String field, String code, String message) {

  public static final String REQUIRED = "required";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String DUPLICATE_NAME = "duplicate_name";
  public static final String UNKNOWN_DEPENDENCY = "unknown_dependency";
  public static final String CYCLE = "cycle";
  public static final String SELF_DEPENDENCY = "self_dependency";
  public static final String TOO_MANY_JOBS = "too_many_jobs";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String OUT_OF_RANGE = "out_of_range";
  public static final String INVALID_VALUE = "invalid_value";
  public static final String EMPTY = "empty";

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("code", code).put("message", message);
  }

  @Override
  public String toString() {
    return field + ": " + message + " (" + code + ")";
  }
}
