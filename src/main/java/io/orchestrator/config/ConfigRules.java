package io.orchestrator.config;

import java.util.Map;

/**
 * Checks a resolved configuration: required keys present, numbers in range, and the relations
 * between keys (a heartbeat TTL must outlast several heartbeats' gaps, or live workers would be
 * declared dead).
 */
final class ConfigRules {
  private ConfigRules() {}

  static void check(Map<ConfigKey, Object> values, Map<ConfigKey, String> origins) {
    for (ConfigKey key : ConfigKey.values()) {
      boolean optional = key.kind == ConfigKey.Kind.STRING && key != ConfigKey.HTTP_HOST;
      if (!optional && values.get(key) == null) {
        throw new IllegalArgumentException(key.key + " (" + key.name() + ") is required but not set"
            + (origins.containsKey(key) ? " (" + origins.get(key) + " is null)" : ""));
      }
    }
    range(values, origins, ConfigKey.HTTP_PORT, 0, 65_535);
    range(values, origins, ConfigKey.HEARTBEAT_INTERVAL_MS, 1, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.HEARTBEAT_TTL_MS, 1, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.DEFAULT_JOB_TIMEOUT_MS, 1, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.BODY_LIMIT_BYTES, 1, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.MAX_JOBS_PER_WORKFLOW, 1, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.MAX_PAYLOAD_BYTES, 2, Integer.MAX_VALUE);
    range(values, origins, ConfigKey.DB_POOL_SIZE, 1, 1_000);
    range(values, origins, ConfigKey.MEMORY_RETAINED_JOBS, 1, 1_000_000_000);

    long interval = ((Number) values.get(ConfigKey.HEARTBEAT_INTERVAL_MS)).longValue();
    long ttl = ((Number) values.get(ConfigKey.HEARTBEAT_TTL_MS)).longValue();
    if (ttl <= interval) {
      throw new IllegalArgumentException(origin(origins, ConfigKey.HEARTBEAT_TTL_MS) + " (" + ttl
          + ") must be greater than " + origin(origins, ConfigKey.HEARTBEAT_INTERVAL_MS) + " (" + interval
          + "), or live workers would expire between two heartbeats");
    }
  }

  private static void range(Map<ConfigKey, Object> values, Map<ConfigKey, String> origins, ConfigKey key, long min, long max) {
    long value = ((Number) values.get(key)).longValue();
    if (value < min || value > max) {
      throw new IllegalArgumentException(origin(origins, key) + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static String origin(Map<ConfigKey, String> origins, ConfigKey key) {
    return origins.getOrDefault(key, key.key);
  }
}
