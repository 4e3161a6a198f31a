package io.orchestrator.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed {@code REDIS_URL}: {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://}
 * for TLS. {@link #toString()} masks the password, so the value can be logged safely.
 */
public record RedisUrl(boolean tls, String host, int port, int db, String user, String password) {

  public static final int DEFAULT_PORT = 6379;

  public RedisUrl {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("Redis URL needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Redis URL port out of range: " + port);
    }
    if (db < 0) {
      throw new IllegalArgumentException("Redis URL database number must be >= 0: " + db);
    }
  }

  /** Parses a URL; any problem is an IllegalArgumentException whose message never shows the password. */
  public static RedisUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Redis URL is empty; expected redis://[:password@]host[:port][/db]");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw bad(text, "it is not a URL");
    }
    String scheme = uri.getScheme();
    if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
      throw bad(text, "the scheme must be redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw bad(text, "it has no (valid) host");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw bad(text, "query parameters and fragments are not supported");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new RedisUrl(
        "rediss".equalsIgnoreCase(scheme), host, port, parseDb(text, uri.getPath()),
        userOf(uri.getUserInfo()), passwordOf(uri.getUserInfo()));
  }

  /** The connection string for the client, without credentials (they are passed separately). */
  public String endpoint() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return (tls ? "rediss" : "redis") + "://" + shownHost + ":" + port + "/" + db;
  }

  @Override
  public String toString() {
    String credentials = password == null ? (user == null ? "" : user + "@")
        : (user == null ? "" : user) + ":***@";
    return endpoint().replaceFirst("://", "://" + credentials);
  }

  private static int parseDb(String text, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String digits = path.substring(1);
    if (!digits.matches("\\d{1,5}")) {
      throw bad(text, "the path must be a database number, like /0");
    }
    return Integer.parseInt(digits);
  }

  private static String userOf(String userInfo) {
    if (userInfo == null) {
      return null;
    }
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return user.isEmpty() ? null : user;
  }

  private static String passwordOf(String userInfo) {
    if (userInfo == null) {
      return null;
    }
    int colon = userInfo.indexOf(':');
    // "redis://secret@host" is the common shorthand for a password without a user.
    String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
    return password.isEmpty() ? null : password;
  }

  private static IllegalArgumentException bad(String text, String why) {
    String masked = text.replaceAll("//[^@/]*@", "//***@");
    return new IllegalArgumentException("Invalid Redis URL '" + masked + "': " + why
        + "; expected redis://[:password@]host[:port][/db] or rediss://...");
  }
}
