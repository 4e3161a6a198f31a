package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowParserTest {
  private final WorkflowParser parser = new WorkflowParser(Limits.DEFAULTS);

  private static JsonObject job(String name, String... deps) {
    return new JsonObject().put("name", name).put("type", "echo").put("depends_on", new JsonArray(List.of((Object[]) deps)));
  }

  private static JsonObject workflow(JsonObject... jobs) {
    return new JsonObject().put("name", "wf").put("jobs", new JsonArray(List.of((Object[]) jobs)));
  }

  private List<FieldError> errorsOf(JsonObject body) {
    return errorsOf(parser, body);
  }

  private static List<FieldError> errorsOf(WorkflowParser parser, JsonObject body) {
    InvalidWorkflowException e = catchThrowableOfType(InvalidWorkflowException.class, () -> parser.parse(body));
    assertThat(e).as("expected the workflow to be rejected").isNotNull();
    return e.errors();
  }

  @Test
  void validDiamondParsesWithDefaults() {
    JsonObject body = workflow(job("a"), job("b", "a"), job("c", "a"), job("d", "b", "c"));
    WorkflowSpec spec = parser.parse(body);

    assertThat(spec.name()).isEqualTo("wf");
    assertThat(spec.priority()).isZero();
    assertThat(spec.labels()).isEqualTo(new JsonObject());
    assertThat(spec.jobs()).extracting(JobSpec::name).containsExactly("a", "b", "c", "d");
    assertThat(spec.jobs().get(3).dependsOn()).containsExactly("b", "c");
    JobSpec a = spec.jobs().get(0);
    assertThat(a.type()).isEqualTo("echo");
    assertThat(a.payload()).isEqualTo(new JsonObject());
    assertThat(a.queue()).isEqualTo("default");
    assertThat(a.retry()).isEqualTo(new RetryPolicy(1, 200, 2.0, 10_000));
    assertThat(a.timeoutMs()).isEqualTo(300_000);
    assertThat(a.priority()).isZero();
  }

  @Test
  void defaultsAbsentFieldsAndJsonNullAlike() {
    JsonObject body = new JsonObject().put("name", "wf").putNull("priority").putNull("labels")
        .put("jobs", new JsonArray().add(new JsonObject().put("name", "a").put("type", "t")
            .putNull("payload").putNull("depends_on").putNull("queue").putNull("retry").putNull("timeout_ms")));
    JobSpec a = parser.parse(body).jobs().get(0);
    assertThat(a.dependsOn()).isEmpty();
    assertThat(a.queue()).isEqualTo("default");
    assertThat(a.timeoutMs()).isEqualTo(300_000);
  }

  @Test
  void defaultTimeoutComesFromLimits() {
    WorkflowParser custom = new WorkflowParser(new Limits(10, 1024, 1234));
    assertThat(custom.parse(workflow(job("a"))).jobs().get(0).timeoutMs()).isEqualTo(1234);
  }

  @Test
  void explicitValuesAreKept() {
    JsonObject body = new JsonObject(
        """
        {"name": "nightly-etl", "priority": 5, "labels": {"team": "data"},
         "jobs": [
           {"name": "extract", "type": "echo", "payload": {"rows": 3}},
           {"name": "clean-a", "type": "echo", "depends_on": ["extract"], "queue": "q.fast-1",
            "retry": {"max_attempts": 3, "initial_delay_ms": 50, "multiplier": 1.5, "max_delay_ms": 900},
            "timeout_ms": 30000, "priority": -7}
         ]}""");
    WorkflowSpec spec = parser.parse(body);
    assertThat(spec.priority()).isEqualTo(5);
    assertThat(spec.labels().getString("team")).isEqualTo("data");
    assertThat(spec.jobs().get(0).payload()).isEqualTo(new JsonObject().put("rows", 3));
    JobSpec clean = spec.jobs().get(1);
    assertThat(clean.queue()).isEqualTo("q.fast-1");
    assertThat(clean.retry()).isEqualTo(new RetryPolicy(3, 50, 1.5, 900));
    assertThat(clean.timeoutMs()).isEqualTo(30_000);
    assertThat(clean.priority()).isEqualTo(-7);
  }

  @Test
  void integralDoublesCountAsIntegers() {
    JsonObject body = workflow(job("a").put("priority", 3.0));
    assertThat(parser.parse(body).jobs().get(0).priority()).isEqualTo(3);
  }

  @Test
  void missingRequiredFields() {
    assertThat(errorsOf(new JsonObject()))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("name", "required"), tuple("jobs", "required"));
    assertThat(errorsOf(workflow(new JsonObject())))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[0].name", "required"), tuple("jobs[0].type", "required"));
  }

  @Test
  void nullBodyIsRejected() {
    assertThat(errorsOf(null)).extracting(FieldError::code).containsExactly("required");
  }

  @Test
  void emptyValues() {
    JsonObject body = new JsonObject().put("name", " ").put("jobs", new JsonArray());
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("name", "empty"), tuple("jobs", "empty"));
    assertThat(errorsOf(workflow(job("").put("type", "").put("queue", ""))))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[0].name", "empty"), tuple("jobs[0].type", "empty"), tuple("jobs[0].queue", "empty"));
  }

  @Test
  void wrongTypes() {
    JsonObject body = new JsonObject().put("name", 7).put("priority", "high").put("labels", new JsonArray())
        .put("jobs", new JsonArray()
            .add("not-a-job")
            .add(new JsonObject().put("name", true).put("type", 1).put("payload", "x").put("depends_on", "a")
                .put("queue", 5).put("retry", 3).put("timeout_ms", 1.5).put("priority", new JsonObject())));
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code).containsExactly(
        tuple("name", "wrong_type"),
        tuple("priority", "wrong_type"),
        tuple("labels", "wrong_type"),
        tuple("jobs[0]", "wrong_type"),
        tuple("jobs[1].name", "wrong_type"),
        tuple("jobs[1].type", "wrong_type"),
        tuple("jobs[1].payload", "wrong_type"),
        tuple("jobs[1].depends_on", "wrong_type"),
        tuple("jobs[1].queue", "wrong_type"),
        tuple("jobs[1].retry", "wrong_type"),
        tuple("jobs[1].timeout_ms", "wrong_type"),
        tuple("jobs[1].priority", "wrong_type"));
    assertThat(errorsOf(workflow(job("a", "b").put("depends_on", new JsonArray().add(1)))))
        .extracting(FieldError::field, FieldError::code).containsExactly(tuple("jobs[0].depends_on[0]", "wrong_type"));
  }

  @Test
  void labelValuesMustBeStrings() {
    JsonObject body = workflow(job("a")).put("labels", new JsonObject().put("team", "data").put("n", 1));
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("labels.n", "wrong_type"));
  }

  @Test
  void rangesAreEnforced() {
    JsonObject body = workflow(job("a")
            .put("priority", 1001)
            .put("timeout_ms", 0)
            .put("retry", new JsonObject().put("max_attempts", 0).put("initial_delay_ms", -1)
                .put("multiplier", 0.5).put("max_delay_ms", -5)))
        .put("priority", -1001);
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code).containsExactly(
        tuple("priority", "out_of_range"),
        tuple("jobs[0].retry.max_attempts", "out_of_range"),
        tuple("jobs[0].retry.initial_delay_ms", "out_of_range"),
        tuple("jobs[0].retry.multiplier", "out_of_range"),
        tuple("jobs[0].retry.max_delay_ms", "out_of_range"),
        tuple("jobs[0].timeout_ms", "out_of_range"),
        tuple("jobs[0].priority", "out_of_range"));
    assertThat(parser.parse(workflow(job("a").put("priority", 1000))).jobs().get(0).priority()).isEqualTo(1000);
    assertThat(parser.parse(workflow(job("a")).put("priority", -1000)).priority()).isEqualTo(-1000);
  }

  @Test
  void hugeIntegersAreOutOfRangeNotWrongType() {
    JsonObject body = new JsonObject("{\"name\":\"wf\",\"priority\":123456789012345678901234567890,"
        + "\"jobs\":[{\"name\":\"a\",\"type\":\"t\"}]}");
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("priority", "out_of_range"));
  }

  @Test
  void queueMustMatchPattern() {
    assertThat(errorsOf(workflow(job("a").put("queue", "bad queue!"), job("b").put("queue", "x".repeat(65)))))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[0].queue", "invalid_value"), tuple("jobs[1].queue", "invalid_value"));
    assertThat(parser.parse(workflow(job("a").put("queue", "x".repeat(64)))).jobs().get(0).queue()).hasSize(64);
  }

  @Test
  void duplicateNames() {
    List<FieldError> errors = errorsOf(workflow(job("a"), job("b"), job("a")));
    assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple("jobs[2].name", "duplicate_name"));
    assertThat(errors.get(0).message()).contains("'a'").contains("jobs[0]");
  }

  @Test
  void unknownDependency() {
    List<FieldError> errors = errorsOf(workflow(job("a"), job("b", "a", "ghost")));
    assertThat(errors).extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[1].depends_on[1]", "unknown_dependency"));
    assertThat(errors.get(0).message()).contains("ghost");
  }

  @Test
  void selfDependency() {
    assertThat(errorsOf(workflow(job("a", "a"))))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[0].depends_on[0]", "self_dependency"));
  }

  @Test
  void repeatedDependencyIsInvalid() {
    assertThat(errorsOf(workflow(job("a"), job("b", "a", "a"))))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(tuple("jobs[1].depends_on[1]", "invalid_value"));
  }

  @Test
  void cycleIsReportedWithItsPath() {
    List<FieldError> errors = errorsOf(workflow(job("a", "b"), job("b", "c"), job("c", "a"), job("d", "a")));
    assertThat(errors).extracting(FieldError::field, FieldError::code, FieldError::message)
        .containsExactly(tuple("jobs", "cycle", "cycle: a -> b -> c -> a"));
  }

  @Test
  void everyCycleIsReportedDeterministically() {
    JsonObject body = workflow(job("x"), job("a", "b"), job("b", "a"), job("p", "q", "x"), job("q", "r"), job("r", "p"));
    List<String> first = errorsOf(body).stream().map(FieldError::message).toList();
    assertThat(first).containsExactly("cycle: a -> b -> a", "cycle: p -> q -> r -> p");
    assertThat(errorsOf(body.copy()).stream().map(FieldError::message).toList()).isEqualTo(first);
  }

  @Test
  void longChainDoesNotOverflowAndLongCycleIsElided() {
    JsonArray jobs = new JsonArray();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      jobs.add(job("j" + i, "j" + ((i + 1) % n)));
    }
    List<FieldError> errors = errorsOf(new JsonObject().put("name", "ring").put("jobs", jobs));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).startsWith("cycle: j0 -> j1 -> ").contains("more jobs").endsWith("-> j19999 -> j0");

    jobs.getJsonObject(n - 1).put("depends_on", new JsonArray());
    assertThat(parser.parse(new JsonObject().put("name", "chain").put("jobs", jobs)).jobs()).hasSize(n);
  }

  @Test
  void tooManyJobs() {
    WorkflowParser small = new WorkflowParser(new Limits(2, 1024, 1000));
    assertThat(errorsOf(small, workflow(job("a"), job("b"), job("c"))))
        .extracting(FieldError::field, FieldError::code).containsExactly(tuple("jobs", "too_many_jobs"));
    assertThat(small.parse(workflow(job("a"), job("b"))).jobs()).hasSize(2);
  }

  @Test
  void payloadTooLarge() {
    WorkflowParser small = new WorkflowParser(new Limits(10, 20, 1000));
    JsonObject fits = new JsonObject().put("k", "x".repeat(12)); // {"k":"xxxxxxxxxxxx"} = 20 bytes
    JsonObject tooBig = new JsonObject().put("k", "x".repeat(13));
    assertThat(fits.toBuffer().length()).isEqualTo(20);
    List<FieldError> errors = errorsOf(small, workflow(job("a").put("payload", fits), job("b").put("payload", tooBig)));
    assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple("jobs[1].payload", "payload_too_large"));
  }

  @Test
  void everyProblemIsReportedTogether() {
    JsonObject body = new JsonObject().put("priority", "x")
        .put("jobs", new JsonArray()
            .add(job("a", "b"))
            .add(job("b", "a"))
            .add(job("a", "ghost"))
            .add(new JsonObject().put("type", "t").put("timeout_ms", -1))
            .add(job("self", "self")));
    assertThat(errorsOf(body)).extracting(FieldError::field, FieldError::code).containsExactly(
        tuple("name", "required"),
        tuple("priority", "wrong_type"),
        tuple("jobs[3].name", "required"),
        tuple("jobs[3].timeout_ms", "out_of_range"),
        tuple("jobs[2].name", "duplicate_name"),
        tuple("jobs[2].depends_on[0]", "unknown_dependency"),
        tuple("jobs[4].depends_on[0]", "self_dependency"),
        tuple("jobs", "cycle"));
  }

  @Test
  void errorListIsCapped() {
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < 1500; i++) {
      jobs.add(new JsonObject().put("name", "j" + i));
    }
    List<FieldError> errors = errorsOf(new JsonObject().put("name", "wf").put("jobs", jobs));
    assertThat(errors).hasSize(FieldErrors.MAX_LISTED + 1);
    assertThat(errors.get(errors.size() - 1).message()).isEqualTo("500 more errors not listed");
  }
}
