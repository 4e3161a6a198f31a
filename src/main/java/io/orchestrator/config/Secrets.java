package io.orchestrator.config;

import java.util.regex.Pattern;

/** Masks secrets for logs and toString(): tokens entirely, URLs only in their password parts. */
public final class Secrets {
  public static final String MASK = "****";
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&;](?:password|pass|pwd)=)[^&;]*");

  private Secrets() {}

  /** {@link #MASK} for a set token, null for none (so "not configured" stays visible). */
  public static String maskToken(String token) {
    return token == null ? null : MASK;
  }

  /**
   * The URL with any password replaced by {@link #MASK}; null stays null. The userinfo password
   * runs from the first ':' after "//" to the last '@', so a password holding an unencoded '@' or
   * '/' is masked whole (when in doubt, this masks too much rather than too little).
   */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = url;
    int authority = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (authority >= 0 && at > authority) {
      int colon = url.indexOf(':', authority + 3);
      if (colon >= 0 && colon < at) {
        masked = url.substring(0, colon + 1) + MASK + url.substring(at);
      }
    }
    return QUERY_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
  }
}
