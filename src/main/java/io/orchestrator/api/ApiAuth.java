package io.orchestrator.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;

/**
 * Guards every path under {@code /api/}: a request passes with the API token as a bearer header,
 * or, on {@code GET /api/v1/events} only, with a valid stream ticket in the query
 * ({@code ?ticket=}, from {@code POST /api/v1/events/tickets}), since a browser's EventSource
 * cannot send a header. The ticket is checked when the stream opens; an open stream outlives it.
 */
final class ApiAuth implements Handler<RoutingContext> {
  static final String TICKET_PARAM = "ticket";

  private final String apiToken;
  private final StreamTickets tickets;

  ApiAuth(String apiToken, StreamTickets tickets) {
    this.apiToken = apiToken;
    this.tickets = tickets;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (BearerAuth.allows(apiToken, rc.request().getHeader("Authorization"))) {
      rc.next();
      return;
    }
    List<String> ticket = opensTheEventStream(rc.request()) ? ticketParams(rc) : List.of();
    if (ticket.size() == 1 && tickets.verify(ticket.get(0))) {
      rc.next();
      return;
    }
    rc.fail(ApiException.unauthorized(ticket.isEmpty()
        ? "a valid bearer token is required"
        : "the stream ticket is invalid or expired: get a new one from POST " + StreamTicketRoute.PATH));
  }

  /** An undecodable query (a stray {@code %}) holds no ticket: 401 as without one, not 400. */
  private static List<String> ticketParams(RoutingContext rc) {
    try {
      return rc.queryParam(TICKET_PARAM);
    } catch (HttpException undecodable) {
      return List.of();
    }
  }

  /** The exact path, as sent: any other spelling that the router might also match needs the header. */
  private static boolean opensTheEventStream(HttpServerRequest request) {
    return HttpMethod.GET.equals(request.method()) && EventStream.PATH.equals(request.path());
  }
}
