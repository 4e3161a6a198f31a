package io.orchestrator.api;

import io.orchestrator.domain.FieldError;
import io.orchestrator.domain.FieldErrors;
import io.orchestrator.domain.InvalidWorkflowException;
import io.orchestrator.domain.Limits;
import io.orchestrator.domain.WorkflowParser;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.ports.SubmitRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/workflows/batch}: {@code {"workflows": [workflow, ...]}}, each
 * workflow as for a single submission plus an optional {@code idempotency_key}. Every problem of
 * every workflow is reported at once, its field prefixed with {@code workflows[i].}; one bad
 * workflow rejects the whole batch.
 */
final class BatchBody {
  static final int MAX_WORKFLOWS = 1000;
  static final int MAX_IDEMPOTENCY_KEY = 255;

  private BatchBody() {}

  static List<SubmitRequest> parse(JsonObject body, WorkflowParser parser, Limits limits) {
    Object value = body.getValue("workflows");
    if (!(value instanceof JsonArray workflows)) {
      throw new InvalidWorkflowException(List.of(value == null
          ? new FieldError("workflows", FieldError.REQUIRED, "an array of workflows is required")
          : new FieldError("workflows", FieldError.WRONG_TYPE, "must be an array of workflows")));
    }
    if (workflows.isEmpty() || workflows.size() > MAX_WORKFLOWS) {
      throw new InvalidWorkflowException(List.of(new FieldError("workflows",
          workflows.isEmpty() ? FieldError.EMPTY : FieldError.OUT_OF_RANGE,
          "must hold 1 to " + MAX_WORKFLOWS + " workflows, got " + workflows.size())));
    }
    List<SubmitRequest> requests = new ArrayList<>(workflows.size());
    Map<String, Integer> keys = new HashMap<>();
    FieldErrors errors = new FieldErrors();
    long jobs = 0;
    for (int i = 0; i < workflows.size(); i++) {
      String at = "workflows[" + i + "]";
      if (!(workflows.getValue(i) instanceof JsonObject item)) {
        errors.add(at, FieldError.WRONG_TYPE, "must be a workflow object");
        continue;
      }
      String key = key(item, at, keys, i, errors);
      try {
        WorkflowSpec spec = parser.parse(item);
        jobs += spec.jobs().size();
        requests.add(new SubmitRequest(spec, key, false)); // the answer lists workflows without jobs
      } catch (InvalidWorkflowException e) {
        addPrefixed(errors, at, e);
      }
    }
    if (jobs > limits.maxJobs()) {
      errors.add("workflows", FieldError.TOO_MANY_JOBS,
          "has " + jobs + " jobs in all, at most " + limits.maxJobs() + " allowed per batch");
    }
    errors.throwIfAny();
    return requests;
  }

  /** The key's problems use the codes of the workflow's own string fields (empty, invalid_value). */
  private static String key(JsonObject item, String at, Map<String, Integer> seen, int index, FieldErrors errors) {
    Object value = item.getValue("idempotency_key");
    if (value == null) {
      return null;
    }
    String field = at + ".idempotency_key";
    if (!(value instanceof String key)) {
      errors.add(field, FieldError.WRONG_TYPE, "must be a string");
      return null;
    }
    if (key.isBlank()) {
      errors.add(field, FieldError.EMPTY, "must not be empty");
      return null;
    }
    if (key.length() > MAX_IDEMPOTENCY_KEY) {
      errors.add(field, FieldError.INVALID_VALUE,
          "must be at most " + MAX_IDEMPOTENCY_KEY + " characters, got " + key.length());
      return null;
    }
    Integer first = seen.putIfAbsent(key, index);
    if (first != null) {
      errors.add(field, FieldError.INVALID_VALUE, "repeats the key of workflows[" + first + "]");
    }
    return key;
  }

  /** One workflow's problems under {@code at}; its own "N more errors not listed" entry becomes N. */
  private static void addPrefixed(FieldErrors errors, String at, InvalidWorkflowException e) {
    List<FieldError> own = e.errors();
    int shown = e.unlisted() > 0 ? own.size() - 1 : own.size();
    for (FieldError error : own.subList(0, shown)) {
      errors.add(error.field().isEmpty() ? at : at + "." + error.field(), error.code(), error.message());
    }
    errors.addUnlisted(e.unlisted());
  }
}
