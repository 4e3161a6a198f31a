package io.orchestrator.config;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Every configuration key, with its type. The constant's name is the environment variable
 * (UPPER_SNAKE), {@link #key} the name in {@code conf/config.json} and in overrides. Secret values
 * (tokens, URLs that may hold a password) are never echoed in error messages.
 */
enum ConfigKey {
  HTTP_PORT(Kind.INT, false),
  HTTP_HOST(Kind.STRING, false),
  DATABASE_URL(Kind.STRING, true),
  REDIS_URL(Kind.STRING, true),
  API_TOKEN(Kind.STRING, true),
  WORKER_TOKEN(Kind.STRING, true),
  HEARTBEAT_INTERVAL_MS(Kind.LONG, false),
  HEARTBEAT_TTL_MS(Kind.LONG, false),
  DEFAULT_JOB_TIMEOUT_MS(Kind.LONG, false),
  BODY_LIMIT_BYTES(Kind.LONG, false),
  MAX_JOBS_PER_WORKFLOW(Kind.INT, false),
  MAX_PAYLOAD_BYTES(Kind.LONG, false),
  MIGRATE_ON_START(Kind.BOOLEAN, false),
  COORDINATOR_ID(Kind.STRING, false),
  DB_POOL_SIZE(Kind.INT, false),
  MEMORY_RETAINED_JOBS(Kind.LONG, false);

  enum Kind { INT, LONG, BOOLEAN, STRING }

  final String key;
  final Kind kind;
  final boolean secret;

  ConfigKey(Kind kind, boolean secret) {
    this.key = name().toLowerCase(Locale.ROOT);
    this.kind = kind;
    this.secret = secret;
  }

  /** The key for a file or override name; {@code http-port} and {@code HTTP_PORT} work too. */
  static ConfigKey forName(String name) {
    String normalized = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (ConfigKey key : values()) {
      if (key.name().equals(normalized)) {
        return key;
      }
    }
    return null;
  }

  /**
   * Converts a raw value (JSON from the file or overrides, or text from the environment) to this
   * key's type: Integer, Long, Boolean or String; null (or blank text) means "not set".
   *
   * @param origin where the value came from, for the error message
   */
  Object convert(Object raw, String origin) {
    if (raw == null || raw instanceof String s && s.isBlank()) {
      return null;
    }
    return switch (kind) {
      case STRING -> {
        if (!(raw instanceof String s)) {
          throw invalid(origin, "must be a string", raw);
        }
        yield s.trim();
      }
      case BOOLEAN -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("1")) {
          yield true;
        }
        if (text.equals("false") || text.equals("0")) {
          yield false;
        }
        throw invalid(origin, "must be true or false", raw);
      }
      case INT, LONG -> {
        long max = kind == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long min = kind == Kind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
        BigDecimal number;
        try {
          number = new BigDecimal(raw.toString().trim());
        } catch (NumberFormatException notANumber) {
          throw invalid(origin, "must be an integer", raw);
        }
        if (raw instanceof Boolean || number.stripTrailingZeros().scale() > 0) {
          throw invalid(origin, "must be an integer", raw);
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
          throw invalid(origin, "is out of range", raw);
        }
        yield kind == Kind.INT ? (Object) number.intValueExact() : (Object) number.longValueExact();
      }
    };
  }

  IllegalArgumentException invalid(String origin, String problem, Object raw) {
    String shown = secret ? "(value hidden)" : "'" + raw + "'";
    return new IllegalArgumentException(origin + " " + problem + ", got " + shown);
  }
}
