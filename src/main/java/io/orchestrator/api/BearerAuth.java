package io.orchestrator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks an {@code Authorization: Bearer <token>} header in constant time. */
public final class BearerAuth {
  private BearerAuth() {}

  /** True when no token is configured, or the header carries exactly that token. */
  public static boolean allows(String configuredToken, String authorizationHeader) {
    if (configuredToken == null || configuredToken.isEmpty()) {
      return true;
    }
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, configuredToken.getBytes(StandardCharsets.UTF_8));
  }
}
