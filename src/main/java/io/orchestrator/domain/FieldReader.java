package io.orchestrator.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads typed fields out of untrusted JSON and records a {@link FieldError} for each problem
 * instead of throwing, so that one pass over a submission reports everything wrong with it.
 * A reader method returns {@code null} when the field was present but unusable (error recorded);
 * a missing or JSON-null optional field yields its default (an absent object or array: a shared
 * empty one, which refuses changes). A field is named by the path of its parent ({@code at}, "" at
 * the top) and its key; the field's path is only built for an error (a batch of 500 workflows
 * would otherwise build ten strings per job that nobody reads).
 */
final class FieldReader {
  private final FieldErrors errors = new FieldErrors();

  void add(String field, String code, String message) {
    errors.add(field, code, message);
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Errors found beyond {@link FieldErrors#MAX_LISTED}: counted in the last entry of {@link #errors()}. */
  int dropped() {
    return errors.unlisted();
  }

  List<FieldError> errors() {
    return errors.list();
  }

  static final JsonArray EMPTY_ARRAY = new JsonArray(List.of());

  static String path(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** A required string that must not be blank and at most {@code maxLength} characters. */
  String requiredString(JsonObject obj, String key, String at, int maxLength) {
    Object value = obj.getValue(key);
    if (value == null) {
      add(path(at, key), FieldError.REQUIRED, "is required");
      return null;
    }
    return checkString(value, at, key, -1, maxLength);
  }

  String optionalString(JsonObject obj, String key, String at, String dflt, int maxLength) {
    Object value = obj.getValue(key);
    return value == null ? dflt : checkString(value, at, key, -1, maxLength);
  }

  /** Element {@code index} of the array {@code key} (path {@code at.key[index]}), a string. */
  String elementString(Object value, String at, String key, int index, int maxLength) {
    return checkString(value, at, key, index, maxLength);
  }

  private String checkString(Object value, String at, String key, int index, int maxLength) {
    if (value instanceof String s && s.length() <= maxLength && !s.isBlank()) {
      return s;
    }
    String path = index < 0 ? path(at, key) : path(at, key) + "[" + index + "]";
    if (!(value instanceof String s)) {
      add(path, FieldError.WRONG_TYPE, "must be a string, got " + typeName(value));
    } else if (s.isBlank()) {
      add(path, FieldError.EMPTY, "must not be empty");
    } else {
      add(path, FieldError.INVALID_VALUE, "must be at most " + maxLength + " characters, got " + s.length());
    }
    return null;
  }

  /** An optional integer in [min, max]. JSON numbers with no fraction (5.0) count as integers. */
  Long integer(JsonObject obj, String key, String at, long dflt, long min, long max) {
    Object value = obj.getValue(key);
    if (value == null) {
      return dflt;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue(); // the usual case, without a BigDecimal
    }
    BigDecimal n = integral(value);
    if (n == null) {
      add(path(at, key), FieldError.WRONG_TYPE, "must be an integer, got " + describe(value));
      return null;
    }
    if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
      add(path(at, key), FieldError.OUT_OF_RANGE, outOfRange(min, max) + ", got " + n.toPlainString());
      return null;
    }
    return n.longValueExact();
  }

  /** An optional finite number in [min, max]. */
  Double number(JsonObject obj, String key, String at, double dflt, double min, double max) {
    Object value = obj.getValue(key);
    if (value == null) {
      return dflt;
    }
    if (!(value instanceof Number num)) {
      add(path(at, key), FieldError.WRONG_TYPE, "must be a number, got " + typeName(value));
      return null;
    }
    double d = num.doubleValue();
    if (!Double.isFinite(d) || d < min || d > max) {
      add(path(at, key), FieldError.OUT_OF_RANGE, "must be between " + min + " and " + max + ", got " + value);
      return null;
    }
    return d;
  }

  JsonObject object(JsonObject obj, String key, String at, boolean required) {
    Object value = obj.getValue(key);
    if (value == null) {
      if (required) {
        add(path(at, key), FieldError.REQUIRED, "is required");
        return null;
      }
      return Canonical.EMPTY_OBJECT;
    }
    if (value instanceof Map<?, ?> map) {
      value = new JsonObject(castMap(map));
    }
    if (!(value instanceof JsonObject json)) {
      add(path(at, key), FieldError.WRONG_TYPE, "must be an object, got " + typeName(value));
      return null;
    }
    return json;
  }

  JsonArray array(JsonObject obj, String key, String at, boolean required) {
    Object value = obj.getValue(key);
    if (value == null) {
      if (required) {
        add(path(at, key), FieldError.REQUIRED, "is required");
        return null;
      }
      return EMPTY_ARRAY;
    }
    if (value instanceof List<?> list) {
      value = new JsonArray(new ArrayList<>(list));
    }
    if (!(value instanceof JsonArray json)) {
      add(path(at, key), FieldError.WRONG_TYPE, "must be an array, got " + typeName(value));
      return null;
    }
    return json;
  }

  private static String outOfRange(long min, long max) {
    return max == Long.MAX_VALUE ? "must be >= " + min : "must be between " + min + " and " + max;
  }

  /** The value as an exact integral number, or null when it is not a number without fraction. */
  private static BigDecimal integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    BigDecimal dec = null;
    if (value instanceof BigDecimal d) {
      dec = d;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      dec = Double.isFinite(d) ? new BigDecimal(d) : null;
    }
    return dec != null && dec.stripTrailingZeros().scale() <= 0 ? dec : null;
  }

  private static String describe(Object value) {
    return value instanceof Number ? value.toString() : typeName(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof JsonObject || value instanceof Map) {
      return "object";
    }
    if (value instanceof JsonArray || value instanceof List) {
      return "array";
    }
    return value.getClass().getSimpleName();
  }
}
