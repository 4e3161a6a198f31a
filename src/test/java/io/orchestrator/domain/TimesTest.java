package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
  private static String reference(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void formatsLikeIsoInstantAtMillisecondPrecision() {
    assertThat(Times.format(null)).isNull();
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36.322Z"))).isEqualTo("2026-11-27T09:13:36.322Z");
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36Z"))).isEqualTo("2026-11-27T09:13:36Z");
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36.000999Z"))).isEqualTo("2026-11-27T09:13:36Z");
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36.005Z"))).isEqualTo("2026-11-27T09:13:36.005Z");
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      // Runs of instants within one second (the cached path) and jumps far apart, also before 1970.
      long second = i % 7 == 0 ? random.nextLong(-70_000_000_000L, 260_000_000_000L) : 1_790_000_000L + i / 100;
      Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      assertThat(Times.format(instant)).as("%s", instant).isEqualTo(reference(instant));
    }
  }

  @Test
  void instantsOfOneMillisecondShareTheirTextAndTheNextOneGetsItsOwn() {
    Instant first = Instant.parse("2026-11-27T09:13:36.322100Z");
    String text = Times.format(first);
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36.322999Z"))).isSameAs(text);
    assertThat(Times.format(Instant.parse("2026-11-27T09:13:36.323Z"))).isEqualTo("2026-11-27T09:13:36.323Z");
    assertThat(Times.format(Instant.parse("2026-11-28T09:13:36.322Z"))).isEqualTo("2026-11-28T09:13:36.322Z");
    assertThat(Times.format(first)).isEqualTo("2026-11-27T09:13:36.322Z");
  }

  @Test
  void yearsBeyondFourDigitsUseTheIsoForm() {
    Instant far = Instant.parse("+12026-01-01T00:00:00.250Z");
    assertThat(Times.format(far)).isEqualTo(reference(far));
    assertThat(Times.format(Instant.MIN)).isEqualTo(reference(Instant.MIN));
  }

  @Test
  void writesTheSameTextAsAJsonString() {
    Instant first = Instant.parse("2026-11-27T09:13:36.322100Z");
    Instant far = Instant.parse("+12026-01-01T00:00:00.250Z");
    String json = JsonBytes.text(out -> {
      out.writeStartArray();
      Times.write(out, first);
      Times.write(out, first);
      Times.write(out, null);
      Times.write(out, far);
      out.writeEndArray();
    });
    assertThat(json).isEqualTo("[\"2026-11-27T09:13:36.322Z\",\"2026-11-27T09:13:36.322Z\",null,\"" + reference(far) + "\"]");
  }
}
