package io.orchestrator.api;

import io.orchestrator.domain.FieldError;
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
    List<FieldError> errors = new ArrayList<>();
    Object value = body.getValue("workflows");
    if (!(value instanceof JsonArray workflows)) {
      errors.add(value == null
          ? new FieldError("workflows", FieldError.REQUIRED, "an array of workflows is required")
          : new FieldError("workflows", FieldError.WRONG_TYPE, "must be an array of workflows"));
      throw new InvalidWorkflowException(errors);
    }
    if (workflows.isEmpty() || workflows.size() > MAX_WORKFLOWS) {
      errors.add(new FieldError("workflows", workflows.isEmpty() ? FieldError.EMPTY : FieldError.OUT_OF_RANGE,
          "must hold 1 to " + MAX_WORKFLOWS + " workflows, got " + workflows.size()));
      throw new InvalidWorkflowException(errors);
    }
    List<SubmitRequest> requests = new ArrayList<>(workflows.size());
    Map<String, Integer> keys = new HashMap<>();
    long jobs = 0;
    for (int i = 0; i < workflows.size(); i++) {
      String at = "workflows[" + i + "]";
      if (!(workflows.getValue(i) instanceof JsonObject item)) {
        errors.add(new FieldError(at, FieldError.WRONG_TYPE, "must be a workflow object"));
        continue;
      }
      String key = key(item, at, keys, i, errors);
      try {
        WorkflowSpec spec = parser.parse(item);
        jobs += spec.jobs().size();
        requests.add(new SubmitRequest(spec, key));
      } catch (InvalidWorkflowException e) {
        e.errors().forEach(error -> errors.add(new FieldError(
            error.field().isEmpty() ? at : at + "." + error.field(), error.code(), error.message())));
      }
    }
    if (jobs > limits.maxJobs()) {
      errors.add(new FieldError("workflows", FieldError.TOO_MANY_JOBS,
          "has " + jobs + " jobs in all, at most " + limits.maxJobs() + " allowed per batch"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidWorkflowException(errors);
    }
    return requests;
  }

  private static String key(JsonObject item, String at, Map<String, Integer> seen, int index, List<FieldError> errors) {
    Object value = item.getValue("idempotency_key");
    if (value == null) {
      return null;
    }
    String field = at + ".idempotency_key";
    if (!(value instanceof String key)) {
      errors.add(new FieldError(field, FieldError.WRONG_TYPE, "must be a string"));
      return null;
    }
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
      errors.add(new FieldError(field, FieldError.OUT_OF_RANGE, "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
      return null;
    }
    Integer first = seen.putIfAbsent(key, index);
    if (first != null) {
      errors.add(new FieldError(field, FieldError.INVALID_VALUE, "repeats the key of workflows[" + first + "]"));
    }
    return key;
  }
}
