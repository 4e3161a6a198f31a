package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issuing and verifying event-stream tickets, on a clock the test moves. */
class StreamTicketsTest {
  private static final String TOKEN = "s3cret";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T06:42:23.678Z"));
  private final StreamTickets tickets = new StreamTickets(TOKEN, clock);

  @Test
  void aFreshTicketOpensAndExpiresALifetimeLater() {
    StreamTickets.Ticket ticket = tickets.issue();

    assertThat(ticket.value()).matches("v1\\.1795761803\\.[A-Za-z0-9_-]{43}");
    assertThat(ticket.expiresAt()).isEqualTo(Instant.parse("2026-11-27T06:43:23Z"));
    assertThat(tickets.verify(ticket.value())).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(tickets.verify(ticket.value())).isTrue();
  }

  @Test
  void anExpiredTicketIsRejected() {
    String ticket = tickets.issue().value();

    clock.advance(StreamTickets.LIFETIME);

    assertThat(tickets.verify(ticket)).isFalse();
  }

  @Test
  void anotherCoordinatorWithTheSameTokenAcceptsIt() {
    String ticket = tickets.issue().value();

    assertThat(new StreamTickets(TOKEN, clock).verify(ticket)).isTrue();
  }

  @Test
  void aTicketOfAnotherTokenIsRejected() {
    String ticket = new StreamTickets("other", clock).issue().value();

    assertThat(tickets.verify(ticket)).isFalse();
  }

  @Test
  void aTamperedMacIsRejected() {
    String ticket = tickets.issue().value();
    int at = ticket.lastIndexOf('.') + 1;

    for (int i = at; i < ticket.length(); i++) {
      char replacement = ticket.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = ticket.substring(0, i) + replacement + ticket.substring(i + 1);
      assertThat(tickets.verify(tampered)).as(tampered).isFalse();
    }
  }

  @Test
  void aTamperedExpiryIsRejected() {
    String[] parts = tickets.issue().value().split("\\.");
    long later = Long.parseLong(parts[1]) + 3600;

    assertThat(tickets.verify(parts[0] + "." + later + "." + parts[2])).isFalse();
    assertThat(tickets.verify(parts[0] + ".0" + parts[1] + "." + parts[2])).isFalse();
  }

  @Test
  void anotherVersionIsRejected() {
    String ticket = tickets.issue().value();

    assertThat(tickets.verify("v2" + ticket.substring(2))).isFalse();
    assertThat(tickets.verify(ticket.substring(3))).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "garbage", "v1", "v1..", "v1.1795761803.", "v1.x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "v1.99999999999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer s3cret", "s3cret"})
  void garbageIsRejected(String ticket) {
    assertThat(tickets.verify(ticket)).isFalse();
  }

  @Test
  void extraTextAroundAValidTicketIsRejected() {
    String ticket = tickets.issue().value();

    assertThat(tickets.verify(ticket + "A")).isFalse();
    assertThat(tickets.verify(" " + ticket)).isFalse();
    assertThat(tickets.verify(ticket + ".x")).isFalse();
  }

  @Test
  void withoutATokenTicketsAreStillIssued() {
    StreamTickets open = new StreamTickets(null, clock);

    StreamTickets.Ticket ticket = open.issue();

    assertThat(open.verify(ticket.value())).isTrue();
    assertThat(tickets.verify(ticket.value())).isFalse();
  }
}
