package io.orchestrator.config;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL connection URL ({@code postgresql://}, {@code postgres://} or
 * {@code postgresql+psycopg://user:password@host:port/database?sslmode=...}) turned into what the
 * reactive client and Flyway (JDBC) need. {@link #toString()} never shows the password.
 */
public final class DatabaseUrl {
  private static final Set<String> SCHEMES = Set.of("postgresql", "postgres", "postgresql+psycopg");
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  public static final int DEFAULT_PORT = 5432;

  private final String user;
  private final String password;
  private final String host;
  private final int port;
  private final String database;
  private final String sslMode;

  public DatabaseUrl(String user, String password, String host, int port, String database, String sslMode) {
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.database = database;
    this.sslMode = sslMode;
  }

  /** Parses a URL; the IllegalArgumentException says what is wrong without echoing the password. */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("database URL is empty");
    }
    String text = url.trim();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException("database URL must start with postgresql://, postgres:// or postgresql+psycopg://");
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException("unsupported database URL scheme '" + scheme
          + "': use postgresql://, postgres:// or postgresql+psycopg://");
    }
    String rest = text.substring(schemeEnd + 3);
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    // The user info ends at the last '@' (a password may contain '@' if not percent-encoded).
    int at = rest.lastIndexOf('@');
    String userInfo = at >= 0 ? rest.substring(0, at) : null;
    String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
    String database = null;
    int slash = hostPart.indexOf('/');
    if (slash >= 0) {
      database = decode(hostPart.substring(slash + 1));
      hostPart = hostPart.substring(0, slash);
    }
    if (database == null || database.isEmpty()) {
      throw new IllegalArgumentException("database URL has no database name (expected .../database)");
    }
    String host;
    int port = DEFAULT_PORT;
    String portText = null;
    if (hostPart.startsWith("[")) { // IPv6 literal
      int close = hostPart.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("database URL has an unclosed IPv6 host");
      }
      host = hostPart.substring(1, close);
      String after = hostPart.substring(close + 1);
      if (after.startsWith(":")) {
        portText = after.substring(1);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("database URL has garbage after the host");
      }
    } else {
      int colon = hostPart.lastIndexOf(':');
      host = colon >= 0 ? hostPart.substring(0, colon) : hostPart;
      portText = colon >= 0 ? hostPart.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("database URL has no host");
    }
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("database URL port is not a number: '" + portText + "'");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("database URL port out of range: " + port);
      }
    }
    String user = null;
    String password = null;
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
      password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("database URL has no user (expected user[:password]@host)");
    }
    return new DatabaseUrl(user, password, host, port, database, sslMode(query));
  }

  private static String sslMode(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    String mode = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq >= 0 ? pair.substring(0, eq) : pair;
      if (key.equals("sslmode")) {
        mode = decode(eq >= 0 ? pair.substring(eq + 1) : "").toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(mode)) {
          throw new IllegalArgumentException("database URL sslmode '" + mode + "' is not one of " + SSL_MODES);
        }
      }
    }
    return mode;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("database URL has a bad percent-encoding");
    }
  }

  /** The same server and credentials, another database (tests create databases of their own). */
  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(user, password, host, port, otherDatabase, sslMode);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        // Statements are prepared once per connection and reused: the hot path runs a few fixed ones.
        .setCachePreparedStatements(true)
        // ...and planned once (a generic plan), not for each execution's arguments: planning had been
        // as much of PostgreSQL's CPU as executing the hot statements. Generic plans are only as good as
        // the statistics they were made with, which a coordinator keeps fresh as the tables grow
        // (postgres/StatisticsKeeper); see docs/performance.md, fourth round.
        .addProperty("plan_cache_mode", "force_generic_plan")
        // ...which, made while a table is small (a new database, its first minutes), chose sequential scans that
        // then read the whole table on every call as it grew: a probe of job_dependencies per reported job read
        // 5,000 edges, the finish probe all of jobs (docs/performance.md, eleventh round). Every statement of the
        // hot path finds its rows by key, so the coordinator's sessions only scan a table when no index can
        // serve; the analytics, which read ranges, allow it again for their own transactions (PgAnalytics).
        .addProperty("enable_seqscan", "off");
    if (password != null) {
      options.setPassword(password);
    }
    if (sslMode != null) {
      options.setSslMode(SslMode.of(sslMode));
    }
    return options;
  }

  /** The JDBC URL for Flyway, without credentials (they go separately). */
  public String jdbcUrl() {
    String hostText = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + hostText + ":" + port + "/" + database
        + (sslMode == null ? "" : "?sslmode=" + sslMode);
  }

  public String user() { return user; }
  public String password() { return password; }
  public String host() { return host; }
  public int port() { return port; }
  public String database() { return database; }
  public String sslMode() { return sslMode; }

  /** host:port/database, for error messages. */
  public String where() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + (password == null ? "" : ":****") + "@" + where()
        + (sslMode == null ? "" : "?sslmode=" + sslMode);
  }
}
