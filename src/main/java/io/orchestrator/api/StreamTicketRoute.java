package io.orchestrator.api;

import io.orchestrator.domain.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code POST /api/v1/events/tickets}: a {@link StreamTickets} ticket for {@code GET
 * /api/v1/events?ticket=}. Behind the API token like every {@code /api/} path; any body is
 * ignored. Without an API token it answers the same (the stream needs no ticket then).
 */
final class StreamTicketRoute {
  static final String PATH = EventStream.PATH + "/tickets";

  private StreamTicketRoute() {}

  static void mount(Router router, StreamTickets tickets) {
    router.post(PATH).handler(rc -> {
      StreamTickets.Ticket ticket = tickets.issue();
      rc.response().setStatusCode(201).putHeader("Cache-Control", "no-store");
      Json.send(rc, new JsonObject()
          .put("ticket", ticket.value())
          .put("expires_at", Times.format(ticket.expiresAt())));
    });
  }
}
