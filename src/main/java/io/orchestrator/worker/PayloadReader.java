package io.orchestrator.worker;

import io.vertx.core.json.JsonObject;

/** Typed reads of handler payload fields, failing non-retryably on a wrong type (a bad job spec). */
final class PayloadReader {
  private PayloadReader() {
  }

  static long nonNegativeLong(JsonObject p, String field, long dflt) {
    Object v = p.getValue(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.longValue() < 0) {
      throw new JobFailure("payload." + field + " must be a non-negative number", false);
    }
    return n.longValue();
  }

  static Integer optionalInt(JsonObject p, String field) {
    Object v = p.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)) {
      throw new JobFailure("payload." + field + " must be a number", false);
    }
    return n.intValue();
  }

  static String requiredString(JsonObject p, String field) {
    Object v = p.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new JobFailure("payload." + field + " is required (a string)", false);
    }
    return s;
  }

  static String optionalString(JsonObject p, String field, String dflt) {
    Object v = p.getValue(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String s)) {
      throw new JobFailure("payload." + field + " must be a string", false);
    }
    return s;
  }
}
