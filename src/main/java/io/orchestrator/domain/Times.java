package io.orchestrator.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * ISO-8601 UTC formatting of optional instants, at millisecond precision: the text of
 * {@link DateTimeFormatter#ISO_INSTANT} for the instant truncated to milliseconds. On the hot path
 * (every job's timestamps and audit rows), so the date and time of the last second formatted is
 * kept and only the milliseconds are written each time; and the last instant's whole text, since a
 * batch shares one instant (its 500 workflows' created_at and started_at).
 */
public final class Times {
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  /** Years 0000..9999 have the fixed-width form that the fast path writes. */
  private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private record Second(long epochSecond, String text) {}

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  /** The text of one millisecond, and its bytes (ASCII). */
  private record Formatted(long epochSecond, int millis, String text, byte[] bytes) {}

  private static volatile Formatted lastFormatted = new Formatted(Long.MIN_VALUE, 0, "", new byte[0]);

  private Times() {}

  public static String format(Instant instant) {
    return instant == null ? null : formatted(instant).text();
  }

  /**
   * Writes {@link #format}'s text (or null) as a string value, from the bytes kept with it: the
   * generator's per-character escaping, which this text never needs, was most of what writing a
   * timestamp cost.
   */
  public static void write(JsonGenerator out, Instant instant) throws IOException {
    if (instant == null) {
      out.writeNull();
      return;
    }
    byte[] bytes = formatted(instant).bytes();
    out.writeRawUTF8String(bytes, 0, bytes.length);
  }

  private static Formatted formatted(Instant instant) {
    Formatted known = lastFormatted;
    int millis = instant.getNano() / 1_000_000;
    if (known.epochSecond() == instant.getEpochSecond() && known.millis() == millis) {
      return known;
    }
    String text = formatNew(instant);
    Formatted formatted = new Formatted(instant.getEpochSecond(), millis, text, text.getBytes(StandardCharsets.UTF_8));
    lastFormatted = formatted;
    return formatted;
  }

  private static String formatNew(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < FIRST || epochSecond > LAST) {
      return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    Second second = last;
    if (second.epochSecond() != epochSecond) {
      second = new Second(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)));
      last = second;
    }
    int millis = instant.getNano() / 1_000_000;
    if (millis == 0) {
      return second.text() + 'Z';
    }
    char[] tail = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10), 'Z'};
    return second.text().concat(new String(tail));
  }

  public static Instant parse(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
