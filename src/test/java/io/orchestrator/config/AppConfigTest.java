package io.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrator.domain.Limits;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  private static final Path REPO_FILE = Path.of("conf", "config.json");
  private static final Path MISSING = Path.of("does-not-exist", "config.json");

  private static AppConfig withEnv(Map<String, String> env) {
    return AppConfig.load(MISSING, env, new JsonObject());
  }

  @Test
  void defaultsFromTheClasspath() {
    AppConfig config = AppConfig.defaults();
    assertThat(config.httpPort()).isEqualTo(8000);
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.apiToken()).isEmpty();
    assertThat(config.workerToken()).isEmpty();
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.heartbeatTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.defaultJobTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.bodyLimitBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(config.maxJobsPerWorkflow()).isEqualTo(50_000);
    assertThat(config.maxPayloadBytes()).isEqualTo(1024 * 1024);
    assertThat(config.migrateOnStart()).isTrue();
    assertThat(config.dbPoolSize()).isEqualTo(8);
    assertThat(config.coordinatorId()).startsWith("coordinator-");
    assertThat(config.limits()).isEqualTo(new Limits(50_000, 1024 * 1024, 300_000));
  }

  @Test
  void repositoryFileAndPackagedDefaultsAgree() throws IOException {
    assertThat(new JsonObject(Files.readString(REPO_FILE)))
        .isEqualTo(new JsonObject(Files.readString(Path.of("src", "main", "resources", "config.json"))));
    assertThat(AppConfig.load(REPO_FILE, Map.of(), new JsonObject()).httpPort()).isEqualTo(8000);
  }

  @Test
  void fileWinsOverClasspath(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    JsonObject json = new JsonObject(Files.readString(REPO_FILE)).put("http_port", 9100).put("coordinator_id", "c1");
    Files.writeString(file, json.encode());
    AppConfig config = AppConfig.load(file, Map.of(), new JsonObject());
    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.coordinatorId()).isEqualTo("c1");
  }

  @Test
  void environmentOverridesFile() {
    AppConfig config = withEnv(Map.of(
        "HTTP_PORT", "8081",
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test",
        "REDIS_URL", "redis://127.0.0.1:6379/2",
        "API_TOKEN", "api-secret",
        "HEARTBEAT_INTERVAL_MS", "1000",
        "HEARTBEAT_TTL_MS", "3000",
        "MIGRATE_ON_START", "false",
        "MAX_JOBS_PER_WORKFLOW", "10",
        "COORDINATOR_ID", "coord-a",
        "PATH", "/usr/bin"));
    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.databaseUrl()).contains("postgresql://postgres@127.0.0.1:5432/test");
    assertThat(config.redisUrl()).contains("redis://127.0.0.1:6379/2");
    assertThat(config.apiToken()).contains("api-secret");
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.heartbeatTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.migrateOnStart()).isFalse();
    assertThat(config.limits().maxJobs()).isEqualTo(10);
    assertThat(config.coordinatorId()).isEqualTo("coord-a");
  }

  @Test
  void blankEnvironmentVariableMeansUnset() {
    AppConfig config = withEnv(Map.of("API_TOKEN", "", "HTTP_PORT", "  "));
    assertThat(config.apiToken()).isEmpty();
    assertThat(config.httpPort()).isEqualTo(8000);
  }

  @Test
  void overridesWinOverEnvironment() {
    AppConfig config = AppConfig.load(MISSING, Map.of("HTTP_PORT", "8081", "DB_POOL_SIZE", "4"),
        new JsonObject().put("http_port", "9000").put("db-pool-size", 2).put("worker_token", "w"));
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.dbPoolSize()).isEqualTo(2);
    assertThat(config.workerToken()).contains("w");
  }

  @Test
  void memoryRetentionDefaultsToAHundredThousandJobsAndCanBeSet() {
    assertThat(AppConfig.defaults().memoryRetainedJobs()).isEqualTo(100_000);
    assertThat(withEnv(Map.of("MEMORY_RETAINED_JOBS", "2500")).memoryRetainedJobs()).isEqualTo(2_500);
  }

  @Test
  void nullOverrideUnsetsAValue() {
    AppConfig config = withEnv(Map.of("DATABASE_URL", "postgresql://db/x"))
        .withOverrides(new JsonObject().putNull("database_url"));
    assertThat(config.databaseUrl()).isEmpty();
  }

  @Test
  void withOverridesKeepsEverythingElseIncludingTheGeneratedId() {
    AppConfig base = AppConfig.defaults();
    AppConfig changed = base.withOverrides(new JsonObject().put("http_port", 0));
    assertThat(changed.httpPort()).isZero();
    assertThat(changed.coordinatorId()).isEqualTo(base.coordinatorId());
    assertThat(AppConfig.fromJson(changed.toJson())).isEqualTo(changed);
  }

  @Test
  void nonIntegerPortNamesTheVariable() {
    assertThatThrownBy(() -> withEnv(Map.of("HTTP_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP_PORT").hasMessageContaining("integer").hasMessageContaining("eighty");
    assertThatThrownBy(() -> withEnv(Map.of("HTTP_PORT", "80.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP_PORT");
    assertThatThrownBy(() -> withEnv(Map.of("HTTP_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP_PORT").hasMessageContaining("65535");
  }

  @Test
  void negativeTtlIsRejected() {
    assertThatThrownBy(() -> withEnv(Map.of("HEARTBEAT_TTL_MS", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTBEAT_TTL_MS");
  }

  @Test
  void ttlMustExceedInterval() {
    assertThatThrownBy(() -> withEnv(Map.of("HEARTBEAT_INTERVAL_MS", "5000", "HEARTBEAT_TTL_MS", "5000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HEARTBEAT_TTL_MS").hasMessageContaining("HEARTBEAT_INTERVAL_MS");
    assertThatThrownBy(() -> withEnv(Map.of("HEARTBEAT_INTERVAL_MS", "40000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeat_ttl_ms").hasMessageContaining("HEARTBEAT_INTERVAL_MS");
  }

  @Test
  void otherInvalidValues() {
    assertThatThrownBy(() -> withEnv(Map.of("MIGRATE_ON_START", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIGRATE_ON_START");
    assertThatThrownBy(() -> withEnv(Map.of("DB_POOL_SIZE", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_POOL_SIZE");
    assertThatThrownBy(() -> withEnv(Map.of("MEMORY_RETAINED_JOBS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMORY_RETAINED_JOBS")
        .hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> AppConfig.load(MISSING, Map.of(), new JsonObject().put("http_prot", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http_prot");
    assertThatThrownBy(() -> AppConfig.load(MISSING, Map.of(), new JsonObject().put("api_token", 42)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_token").hasMessageNotContaining("42");
    assertThatThrownBy(() -> AppConfig.load(MISSING, Map.of(), new JsonObject().putNull("http_host")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http_host");
  }

  @Test
  void malformedFileIsReported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{ nope");
    assertThatThrownBy(() -> AppConfig.load(file, Map.of(), new JsonObject()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
  }

  @Test
  void toStringMasksTokensAndPasswords() {
    AppConfig config = withEnv(Map.of(
        "API_TOKEN", "api-secret",
        "WORKER_TOKEN", "worker-secret",
        "DATABASE_URL", "postgresql://orch:db-p@ss@db.internal:5432/orch?sslmode=disable",
        "REDIS_URL", "redis://:redis-secret@cache:6379/0"));
    String text = config.toString();
    assertThat(text).doesNotContain("api-secret", "worker-secret", "db-p@ss", "redis-secret");
    assertThat(text).contains("postgresql://orch:****@db.internal:5432/orch?sslmode=disable")
        .contains("redis://:****@cache:6379/0").contains("\"api_token\":\"****\"");
    assertThat(config.toMaskedJson().getValue("api_token")).isEqualTo("****");
    assertThat(AppConfig.defaults().toMaskedJson().getValue("api_token")).isNull();
  }

  @Test
  void maskUrlCases() {
    assertThat(Secrets.maskUrl("postgresql://user:pw@host/db")).isEqualTo("postgresql://user:****@host/db");
    assertThat(Secrets.maskUrl("postgresql://user@host/db")).isEqualTo("postgresql://user@host/db");
    assertThat(Secrets.maskUrl("postgresql://host:5432/db")).isEqualTo("postgresql://host:5432/db");
    assertThat(Secrets.maskUrl("postgresql://host/db?user=u&password=pw&ssl=true"))
        .isEqualTo("postgresql://host/db?user=u&password=****&ssl=true");
    assertThat(Secrets.maskUrl("redis://:a/b@host:6379")).doesNotContain("a/b");
    assertThat(Secrets.maskUrl(null)).isNull();
  }
}
