package io.orchestrator.config;

import io.orchestrator.domain.Limits;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The coordinator's configuration, immutable and validated. Sources, lowest precedence first: the
 * defaults file ({@code conf/config.json}, else the classpath {@code /config.json}), environment
 * variables (UPPER_SNAKE of each key; blank means unset), then explicit overrides such as command
 * line flags (a JSON null there unsets the key). Bad values fail fast with an
 * {@link IllegalArgumentException} that names the variable and where it came from.
 *
 * <p>{@link #toString()} masks tokens and URL passwords; {@link #toJson()} does not (it exists to
 * hand the configuration to verticles) and must never be logged.
 */
public final class AppConfig {
  private final Map<ConfigKey, Object> values;

  private AppConfig(Map<ConfigKey, Object> values) {
    this.values = values;
  }

  /** The configuration of a process started from the working directory. Reads a file: call before Vert.x starts. */
  public static AppConfig load() {
    return load(ConfigFile.DEFAULT_PATH, System.getenv(), new JsonObject());
  }

  /** @param file the defaults file; when it does not exist (or is null), the classpath {@code /config.json} */
  public static AppConfig load(java.nio.file.Path file, Map<String, String> env, JsonObject overrides) {
    ConfigFile defaults = ConfigFile.read(file);
    return resolve(defaults.json(), defaults.origin(), env, overrides);
  }

  /** The packaged defaults alone, ignoring the environment: for tests. */
  public static AppConfig defaults() {
    return load(null, Map.of(), new JsonObject());
  }

  /** A copy with {@code overrides} applied on top (same rules as the overrides of {@link #load}). */
  public AppConfig withOverrides(JsonObject overrides) {
    return resolve(toJson(), "current configuration", Map.of(), overrides);
  }

  /** Rebuilds a configuration from {@link #toJson()} (e.g. a verticle's deployment config). */
  public static AppConfig fromJson(JsonObject json) {
    return resolve(json, "configuration JSON", Map.of(), new JsonObject());
  }

  private static AppConfig resolve(JsonObject base, String baseOrigin, Map<String, String> env, JsonObject overrides) {
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
    for (Map.Entry<String, Object> entry : base) {
      ConfigKey key = known(entry.getKey(), baseOrigin);
      String origin = key.key + " in " + baseOrigin;
      values.put(key, key.convert(entry.getValue(), origin));
      origins.put(key, origin);
    }
    for (ConfigKey key : ConfigKey.values()) {
      String text = env.get(key.name());
      if (text != null && !text.isBlank()) {
        String origin = "environment variable " + key.name();
        values.put(key, key.convert(text, origin));
        origins.put(key, origin);
      }
    }
    for (Map.Entry<String, Object> entry : overrides) {
      ConfigKey key = known(entry.getKey(), "overrides");
      String origin = "override " + key.key;
      values.put(key, key.convert(entry.getValue(), origin));
      origins.put(key, origin);
    }
    if (values.get(ConfigKey.COORDINATOR_ID) == null) {
      // Generated once here, then carried by toJson()/withOverrides(), so it stays stable.
      values.put(ConfigKey.COORDINATOR_ID, "coordinator-" + UUID.randomUUID().toString().substring(0, 13));
    }
    ConfigRules.check(values, origins);
    return new AppConfig(values);
  }

  private static ConfigKey known(String name, String origin) {
    ConfigKey key = ConfigKey.forName(name);
    if (key == null) {
      throw new IllegalArgumentException("unknown configuration key '" + name + "' in " + origin);
    }
    return key;
  }

  public int httpPort() {
    return (Integer) values.get(ConfigKey.HTTP_PORT);
  }

  public String httpHost() {
    return (String) values.get(ConfigKey.HTTP_HOST);
  }

  public Optional<String> databaseUrl() {
    return Optional.ofNullable((String) values.get(ConfigKey.DATABASE_URL));
  }

  public Optional<String> redisUrl() {
    return Optional.ofNullable((String) values.get(ConfigKey.REDIS_URL));
  }

  /** The bearer token the HTTP API requires; empty means the API is open. */
  public Optional<String> apiToken() {
    return Optional.ofNullable((String) values.get(ConfigKey.API_TOKEN));
  }

  /** The bearer token workers must present; empty means any worker may connect. */
  public Optional<String> workerToken() {
    return Optional.ofNullable((String) values.get(ConfigKey.WORKER_TOKEN));
  }

  public Duration heartbeatInterval() {
    return Duration.ofMillis(longValue(ConfigKey.HEARTBEAT_INTERVAL_MS));
  }

  public Duration heartbeatTtl() {
    return Duration.ofMillis(longValue(ConfigKey.HEARTBEAT_TTL_MS));
  }

  public Duration defaultJobTimeout() {
    return Duration.ofMillis(longValue(ConfigKey.DEFAULT_JOB_TIMEOUT_MS));
  }

  public long bodyLimitBytes() {
    return longValue(ConfigKey.BODY_LIMIT_BYTES);
  }

  public int maxJobsPerWorkflow() {
    return (Integer) values.get(ConfigKey.MAX_JOBS_PER_WORKFLOW);
  }

  public long maxPayloadBytes() {
    return longValue(ConfigKey.MAX_PAYLOAD_BYTES);
  }

  public boolean migrateOnStart() {
    return (Boolean) values.get(ConfigKey.MIGRATE_ON_START);
  }

  /** This coordinator's identity (lock owner, audit); generated when not configured. */
  public String coordinatorId() {
    return (String) values.get(ConfigKey.COORDINATOR_ID);
  }

  public int dbPoolSize() {
    return (Integer) values.get(ConfigKey.DB_POOL_SIZE);
  }

  /** Memory mode: jobs of finished workflows kept before the oldest finished are forgotten. */
  public long memoryRetainedJobs() {
    return longValue(ConfigKey.MEMORY_RETAINED_JOBS);
  }

  /** The submission limits the workflow parser enforces. */
  public Limits limits() {
    return new Limits(maxJobsPerWorkflow(), maxPayloadBytes(), longValue(ConfigKey.DEFAULT_JOB_TIMEOUT_MS));
  }

  private long longValue(ConfigKey key) {
    return (Long) values.get(key);
  }

  /** Every value, secrets included, under the file's key names. Never log this. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach((key, value) -> json.put(key.key, value));
    return json;
  }

  /** Like {@link #toJson()} with tokens and URL passwords masked: safe to log. */
  public JsonObject toMaskedJson() {
    JsonObject json = toJson();
    json.put(ConfigKey.API_TOKEN.key, Secrets.maskToken(apiToken().orElse(null)));
    json.put(ConfigKey.WORKER_TOKEN.key, Secrets.maskToken(workerToken().orElse(null)));
    json.put(ConfigKey.DATABASE_URL.key, Secrets.maskUrl(databaseUrl().orElse(null)));
    json.put(ConfigKey.REDIS_URL.key, Secrets.maskUrl(redisUrl().orElse(null)));
    return json;
  }

  @Override
  public String toString() {
    return "AppConfig" + toMaskedJson().encode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AppConfig that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
