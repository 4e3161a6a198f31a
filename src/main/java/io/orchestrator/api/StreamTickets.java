package io.orchestrator.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tickets that open the event stream ({@code GET /api/v1/events?ticket=}) for clients
 * that cannot send an {@code Authorization} header (a browser's {@code EventSource}).
 *
 * <p>A ticket is {@code v1.<expiry epoch seconds>.<mac>}, the MAC being HMAC-SHA256 keyed by the
 * API token over the purpose {@code events} and the expiry (base64url, no padding). Nothing is
 * stored: every coordinator that shares the API token verifies every other's tickets, and a
 * ticket may be used any number of times until it expires. Without an API token, tickets are
 * keyed by a random key of this instance; nothing asks for them then.
 */
public final class StreamTickets {
  public static final Duration LIFETIME = Duration.ofSeconds(60);
  static final String VERSION = "v1";
  private static final String PURPOSE = "events";
  private static final String ALGORITHM = "HmacSHA256";
  /**
   * The one spelling of a ticket: an expiry of at most 12 digits (year 33658) without leading
   * zeros, and a MAC of 32 bytes, which is 43 base64url characters.
   */
  private static final Pattern FORM =
      Pattern.compile(Pattern.quote(VERSION) + "\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})");
  private static final int MAX_LENGTH = 64;

  /** An issued ticket and the instant it stops opening streams. */
  public record Ticket(String value, Instant expiresAt) {}

  private final SecretKeySpec key;
  private final Clock clock;

  public StreamTickets(String apiToken) {
    this(apiToken, Clock.systemUTC());
  }

  public StreamTickets(String apiToken, Clock clock) {
    this.key = new SecretKeySpec(apiToken == null || apiToken.isEmpty()
        ? randomKey() : apiToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.clock = clock;
  }

  /** A ticket valid for {@link #LIFETIME} from now (whole seconds). */
  public Ticket issue() {
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    return new Ticket(VERSION + "." + expiry + "." + mac(expiry), Instant.ofEpochSecond(expiry));
  }

  /** True when {@code ticket} was issued with this key and has not expired; false for anything else. */
  public boolean verify(String ticket) {
    if (ticket == null || ticket.length() > MAX_LENGTH) {
      return false;
    }
    Matcher parts = FORM.matcher(ticket);
    if (!parts.matches()) {
      return false;
    }
    long expiry = Long.parseLong(parts.group(1));
    // Compared as text: base64url has several spellings of the same last bits, the issuer writes one.
    boolean authentic = MessageDigest.isEqual(mac(expiry).getBytes(StandardCharsets.US_ASCII),
        parts.group(2).getBytes(StandardCharsets.US_ASCII));
    return authentic && clock.instant().isBefore(Instant.ofEpochSecond(expiry));
  }

  private String mac(long expiry) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe: one per call (tickets are rare)
      mac.init(key);
      byte[] digest = mac.doFinal((PURPOSE + "\n" + expiry).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  private static byte[] randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
