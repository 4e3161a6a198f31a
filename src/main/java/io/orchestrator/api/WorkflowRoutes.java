package io.orchestrator.api;

import io.orchestrator.coordinator.EffectsApplier;
import io.orchestrator.coordinator.Services;
import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.InvalidWorkflowException;
import io.orchestrator.domain.WorkflowParser;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.Outcome;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workflow, job, worker and analytics endpoints of API.md. */
final class WorkflowRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRoutes.class);
  private static final int MAX_PAGE = 500;

  private final Services services;
  private final EffectsApplier effects;
  private final WorkflowParser parser;
  private final SubmitBatcher submissions;

  WorkflowRoutes(Services services, EffectsApplier effects) {
    this.services = services;
    this.effects = effects;
    this.parser = new WorkflowParser(services.settings().limits());
    this.submissions = new SubmitBatcher(services.store(), services.settings().limits().maxJobs(), this::followUp);
  }

  void mount(Router router) {
    router.post("/api/v1/workflows").handler(this::submit);
    router.post("/api/v1/workflows/batch").handler(this::submitBatch);
    router.get("/api/v1/workflows").handler(this::list);
    router.get("/api/v1/workflows/:id").handler(this::get);
    router.post("/api/v1/workflows/:id/cancel").handler(this::cancel);
    router.post("/api/v1/workflows/:id/retry").handler(this::retry);
    router.get("/api/v1/workflows/:id/events").handler(this::events);
    router.get("/api/v1/jobs/:id").handler(this::job);
    router.get("/api/v1/workers").handler(this::workers);
    router.get("/api/v1/coordinators").handler(this::coordinators);
    router.get("/api/v1/analytics/summary").handler(this::analytics);
  }

  private void submit(RoutingContext rc) {
    requireJson(rc, "send the workflow as application/json");
    String key = rc.request().getHeader("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > BatchBody.MAX_IDEMPOTENCY_KEY)) {
      throw ApiException.badRequest("Idempotency-Key must be 1 to " + BatchBody.MAX_IDEMPOTENCY_KEY + " characters");
    }
    JsonObject body = Problems.jsonObjectBody(rc);
    WorkflowSpec spec = parser.parse(body);
    // Concurrent single submissions share a transaction and a follow-up (group commit); each is answered alone.
    submissions.submit(new SubmitRequest(spec, key))
        .onSuccess(submission -> {
          String location = "/api/v1/workflows/" + submission.workflow().id();
          rc.response().setStatusCode(submission.created() ? 201 : 200).putHeader("Location", location);
          Json.send(rc, AnswerBodies.workflow(submission.workflow()));
        })
        .onFailure(rc::fail);
  }

  /**
   * Many workflows in one request and one store transaction: all are stored or none. The answer
   * lists each workflow without its jobs, in request order, with {@code created} false where an
   * idempotency key had been seen before.
   */
  private void submitBatch(RoutingContext rc) {
    requireJson(rc, "send the batch as application/json");
    List<SubmitRequest> requests;
    try {
      requests = BatchBody.parse(Problems.jsonObjectBody(rc), parser, services.settings().limits());
    } catch (InvalidWorkflowException e) {
      throw ApiException.invalid("The batch is invalid and nothing was stored; see errors.", e.errors());
    }
    services.store().submitAll(requests)
        .compose(submissions -> followUp(submissions).map(submissions))
        .onSuccess(submissions -> {
          boolean anyCreated = submissions.stream().anyMatch(Submission::created);
          rc.response().setStatusCode(anyCreated ? 201 : 200);
          Json.send(rc, AnswerBodies.batch(submissions));
        })
        .onFailure(rc::fail);
  }

  /** Counts and enqueues what was created. The workflows are durable: a failed enqueue is repaired by the sweeper. */
  private Future<Void> followUp(List<Submission> submissions) {
    int ready = 0;
    int changes = 0;
    for (Submission submission : submissions) {
      ready += submission.effects().ready.size();
      changes += submission.effects().changes.size();
    }
    Effects all = new Effects(ready, changes);
    for (Submission submission : submissions) {
      if (submission.created()) {
        services.metrics().workflowSubmitted();
        all.addAll(submission.effects());
      }
    }
    return effects.apply(all).recover(e -> {
      LOG.warn("Enqueueing the jobs of {} new workflows failed; the sweeper enqueues them: {}", submissions.size(), e.toString());
      return Future.succeededFuture();
    });
  }

  private static void requireJson(RoutingContext rc, String hint) {
    String contentType = rc.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw ApiException.unsupportedMediaType(hint);
    }
  }

  private void list(RoutingContext rc) {
    WorkflowState state = null;
    String stateParam = rc.queryParams().get("state");
    if (stateParam != null) {
      try {
        state = WorkflowState.valueOf(stateParam.toUpperCase());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("state must be one of RUNNING, SUCCEEDED, FAILED, CANCELLED");
      }
    }
    int limit = intParam(rc, "limit", 50, 1, MAX_PAGE);
    String cursor = rc.queryParams().get("cursor");
    services.store().workflows(state, limit, cursor)
        .onSuccess(page -> Json.send(rc, AnswerBodies.page(page)))
        .onFailure(e -> rc.fail(e instanceof IllegalArgumentException
            ? ApiException.badRequest("cursor is not one this API gave out") : e));
  }

  private void get(RoutingContext rc) {
    UUID id = uuid(rc);
    services.store().workflow(id)
        .onSuccess(w -> Json.send(rc, AnswerBodies.workflow(found(w, "workflow", id))))
        .onFailure(rc::fail);
  }

  private void cancel(RoutingContext rc) {
    UUID id = uuid(rc);
    services.store().cancel(id).onSuccess(outcome -> accepted(rc, id, outcome, "CANCELLED")).onFailure(rc::fail);
  }

  private void retry(RoutingContext rc) {
    UUID id = uuid(rc);
    services.store().retry(id).onSuccess(outcome -> accepted(rc, id, outcome, "RUNNING")).onFailure(rc::fail);
  }

  private void accepted(RoutingContext rc, UUID id, Outcome outcome, String state) {
    switch (outcome.status()) {
      case NOT_FOUND -> rc.fail(ApiException.notFound("no workflow " + id));
      case CONFLICT -> rc.fail(ApiException.conflict(outcome.detail()));
      case OK -> effects.apply(outcome.effects()).recover(e -> Future.succeededFuture()).onComplete(v -> {
        rc.response().setStatusCode(202);
        Json.send(rc, new JsonObject().put("id", id.toString()).put("state", state));
      });
    }
  }

  private void events(RoutingContext rc) {
    UUID id = uuid(rc);
    services.store().events(id).onSuccess(events -> {
      JsonArray items = new JsonArray();
      found(events, "workflow", id).forEach((AuditEvent e) -> items.add(e.toJson()));
      Json.send(rc, new JsonObject().put("workflow_id", id.toString()).put("events", items));
    }).onFailure(rc::fail);
  }

  private void job(RoutingContext rc) {
    UUID id = uuid(rc);
    services.store().job(id).onSuccess(job -> Json.send(rc, AnswerBodies.job(found(job, "job", id)))).onFailure(rc::fail);
  }

  private void workers(RoutingContext rc) {
    services.store().workers().onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(w -> items.add(w.toJson()));
      Json.send(rc, new JsonObject().put("items", items));
    }).onFailure(rc::fail);
  }

  private void coordinators(RoutingContext rc) {
    services.coordinators().active().onSuccess(ids -> {
      JsonArray items = new JsonArray();
      ids.stream().sorted().forEach(id -> items.add(new JsonObject().put("id", id)
          .put("self", id.equals(services.coordinatorId()))));
      Json.send(rc, new JsonObject().put("items", items));
    }).onFailure(rc::fail);
  }

  private void analytics(RoutingContext rc) {
    String since = rc.queryParams().get("since");
    Instant from;
    try {
      from = since == null ? Instant.now().minus(Duration.ofHours(24)) : Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
    }
    services.store().analytics(from).onSuccess(summary -> Json.send(rc, summary)).onFailure(rc::fail);
  }

  private static <T> T found(T value, String what, UUID id) {
    if (value == null) {
      throw ApiException.notFound("no " + what + " " + id);
    }
    return value;
  }

  private static UUID uuid(RoutingContext rc) {
    String text = rc.pathParam("id");
    try {
      UUID id = UUID.fromString(text);
      if (text.length() == 36) {
        return id;
      }
    } catch (IllegalArgumentException ignored) {
      // answered below
    }
    throw ApiException.notFound("'" + text + "' is not a valid id");
  }

  private static int intParam(RoutingContext rc, String name, int fallback, int min, int max) {
    String text = rc.queryParams().get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max);
  }
}
