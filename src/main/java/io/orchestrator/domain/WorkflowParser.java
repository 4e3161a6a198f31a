package io.orchestrator.domain;

import io.orchestrator.ports.QueuedJob;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a submission body (see API.md) into a {@link WorkflowSpec} with defaults applied, or
 * rejects it with every problem found at once: field errors first (in document order), then the
 * graph's (duplicate names, unknown and self dependencies, cycles). Pure and thread-safe.
 */
public final class WorkflowParser {
  private final Limits limits;

  public WorkflowParser(Limits limits) {
    this.limits = limits;
  }

  /** @throws InvalidWorkflowException listing every problem when the body is not a valid workflow */
  public WorkflowSpec parse(JsonObject body) {
    if (body == null) {
      throw new InvalidWorkflowException(
          List.of(new FieldError("", FieldError.REQUIRED, "the body must be a JSON object")));
    }
    FieldReader reader = new FieldReader();
    String name = Canonical.string(reader.requiredString(body, "name", "", JobParser.MAX_NAME_LENGTH));
    Long priority = reader.integer(body, "priority", "", 0, -QueuedJob.MAX_PRIORITY, QueuedJob.MAX_PRIORITY);
    JsonObject labels = labels(reader, body);
    List<JobSpec> jobs = jobs(reader, reader.array(body, "jobs", "", true));
    if (reader.hasErrors()) {
      throw new InvalidWorkflowException(reader.errors(), reader.dropped());
    }
    return new WorkflowSpec(name, priority.intValue(), labels, jobs);
  }

  private JsonObject labels(FieldReader reader, JsonObject body) {
    JsonObject labels = reader.object(body, "labels", "", false);
    if (labels == null) {
      return null;
    }
    for (Map.Entry<String, Object> label : labels) {
      if (!(label.getValue() instanceof String)) {
        reader.add("labels." + label.getKey(), FieldError.WRONG_TYPE,
            "must be a string, got " + FieldReader.typeName(label.getValue()));
      }
    }
    return Canonical.object(labels);
  }

  /** The parsed jobs, or null when any problem was recorded. */
  private List<JobSpec> jobs(FieldReader reader, JsonArray jobs) {
    if (jobs == null) {
      return null;
    }
    if (jobs.isEmpty()) {
      reader.add("jobs", FieldError.EMPTY, "must contain at least one job");
      return null;
    }
    if (jobs.size() > limits.maxJobs()) {
      // Per-job checks would only add noise (and cost) to an answer that is already "no".
      reader.add("jobs", FieldError.TOO_MANY_JOBS,
          "has " + jobs.size() + " jobs, at most " + limits.maxJobs() + " allowed");
      return null;
    }
    JobParser parser = new JobParser(reader, limits);
    List<JobParser.ParsedJob> parsed = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      parsed.add(parser.parse(jobs.getValue(i), i));
    }
    DagChecker.check(parsed, reader);
    if (reader.hasErrors()) {
      return null;
    }
    JobSpec[] specs = new JobSpec[parsed.size()];
    for (int i = 0; i < specs.length; i++) {
      specs[i] = parsed.get(i).spec();
    }
    return List.of(specs);
  }
}
