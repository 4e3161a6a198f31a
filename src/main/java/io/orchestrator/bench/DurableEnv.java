package io.orchestrator.bench;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PostgreSQL + Redis for durable runs. Each run gets a fresh database {@code wfo_bench_<random>}, created
 * on the server of BENCH_DATABASE_URL (its database is only used to connect) and dropped afterwards, and
 * a Redis db that was empty when the bench chose it, flushed after each run. Nothing else is touched.
 */
final class DurableEnv {
  static final String DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
  static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  private final URI database;
  private final URI redis;
  private final int redisDb;
  private String currentDb;

  private DurableEnv(URI database, URI redis, int redisDb) {
    this.database = database;
    this.redis = redis;
    this.redisDb = redisDb;
  }

  /** Checks both servers answer and picks the Redis db: the URL's, or the highest empty one of 1..15. */
  static DurableEnv open(String databaseUrl, String redisUrl) throws IOException, SQLException {
    URI db = URI.create(databaseUrl == null || databaseUrl.isBlank() ? DEFAULT_DATABASE_URL : databaseUrl);
    URI rd = URI.create(redisUrl == null || redisUrl.isBlank() ? DEFAULT_REDIS_URL : redisUrl);
    try (Connection c = connect(db, maintenanceDb(db))) {
      c.isValid(3);
    }
    String path = rd.getPath() == null ? "" : rd.getPath().replace("/", "");
    try (RespClient r = redisClient(rd)) {
      if (!path.isEmpty()) {
        int chosen = Integer.parseInt(path);
        r.call("SELECT", String.valueOf(chosen));
        if ((Long) r.call("DBSIZE") != 0) {
          throw new IOException("Redis db " + chosen + " of BENCH_REDIS_URL is not empty; the bench flushes its db, so give it an empty one");
        }
        return new DurableEnv(db, rd, chosen);
      }
      for (int candidate = 15; candidate >= 1; candidate--) {
        r.call("SELECT", String.valueOf(candidate));
        if ((Long) r.call("DBSIZE") == 0) {
          return new DurableEnv(db, rd, candidate);
        }
      }
    }
    throw new IOException("no empty Redis db among 1..15 on " + rd.getHost() + ":" + rd.getPort());
  }

  /** Creates this run's database and returns the coordinator's DATABASE_URL and REDIS_URL. */
  Map<String, String> prepareRun() throws IOException, SQLException {
    try (RespClient r = redisClient(redis)) {
      r.call("SELECT", String.valueOf(redisDb));
      if ((Long) r.call("DBSIZE") != 0) {
        throw new IOException("Redis db " + redisDb + " is no longer empty: someone else is using it");
      }
    }
    currentDb = "wfo_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    try (Connection c = connect(database, maintenanceDb(database)); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + currentDb);
    }
    String userInfo = database.getRawUserInfo() == null ? "" : database.getRawUserInfo() + "@";
    String port = database.getPort() < 0 ? "" : ":" + database.getPort();
    String redisAuth = redis.getRawUserInfo() == null ? "" : redis.getRawUserInfo() + "@";
    String redisPort = redis.getPort() < 0 ? "" : ":" + redis.getPort();
    return Map.of(
        "DATABASE_URL", "postgresql://" + userInfo + database.getHost() + port + "/" + currentDb,
        "REDIS_URL", "redis://" + redisAuth + redis.getHost() + redisPort + "/" + redisDb);
  }

  /** Drops this run's database and flushes the bench's Redis db. Call after the processes stopped. */
  void cleanupRun() throws IOException, SQLException {
    try (RespClient r = redisClient(redis)) {
      r.call("SELECT", String.valueOf(redisDb));
      r.call("FLUSHDB");
    }
    if (currentDb != null) {
      try (Connection c = connect(database, maintenanceDb(database)); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + currentDb + " WITH (FORCE)");
      }
      currentDb = null;
    }
  }

  /** A connection to this run's database (between {@link #prepareRun()} and {@link #cleanupRun()}). */
  Connection runConnection() throws SQLException {
    if (currentDb == null) {
      throw new IllegalStateException("no run database");
    }
    return connect(database, currentDb);
  }

  /**
   * Command-line markers of the server processes that work for this run, when the servers run on
   * this machine: the backends of this run's database, and the Redis server. Empty otherwise.
   */
  Map<String, String> localServerMarkers() {
    Map<String, String> markers = new LinkedHashMap<>();
    if (currentDb != null && isLoopback(database.getHost())) {
      markers.put("postgres", " " + currentDb + " ");
    }
    if (isLoopback(redis.getHost())) {
      markers.put("redis", "redis-server " + redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort()));
    }
    return markers;
  }

  private static boolean isLoopback(String host) {
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
  }

  String describe() {
    return "PostgreSQL " + database.getHost() + ":" + database.getPort() + " (database per run), Redis "
        + redis.getHost() + ":" + redis.getPort() + " db " + redisDb;
  }

  private static String maintenanceDb(URI db) {
    String path = db.getPath() == null ? "" : db.getPath().replace("/", "");
    return path.isEmpty() ? "postgres" : path;
  }

  private static Connection connect(URI db, String name) throws SQLException {
    Properties props = new Properties();
    String userInfo = db.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      props.setProperty("user", colon < 0 ? userInfo : userInfo.substring(0, colon));
      if (colon >= 0) {
        props.setProperty("password", userInfo.substring(colon + 1));
      }
    }
    props.setProperty("connectTimeout", "5");
    int port = db.getPort() < 0 ? 5432 : db.getPort();
    return DriverManager.getConnection("jdbc:postgresql://" + db.getHost() + ":" + port + "/" + name, props);
  }

  private static RespClient redisClient(URI rd) throws IOException {
    RespClient client = new RespClient(rd.getHost(), rd.getPort() < 0 ? 6379 : rd.getPort());
    String userInfo = rd.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        client.call("AUTH", userInfo);
      } else if (colon == 0) {
        client.call("AUTH", userInfo.substring(1));
      } else {
        client.call("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
      }
    }
    return client;
  }
}
