package io.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orchestrator.domain.FieldError;
import io.orchestrator.domain.FieldErrors;
import io.orchestrator.domain.InvalidWorkflowException;
import io.orchestrator.domain.Limits;
import io.orchestrator.domain.WorkflowParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the HTTP test cannot reach with its small limits: the cap on the problems one batch lists. */
class BatchBodyTest {

  private static JsonObject workflowWithUntypedJobs(int jobs) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < jobs; i++) {
      array.add(new JsonObject().put("name", "j" + i));
    }
    return new JsonObject().put("name", "w").put("jobs", array);
  }

  @Test
  void aBatchListsAThousandProblemsAndCountsEveryOtherOne() {
    JsonObject body = new JsonObject().put("workflows", new JsonArray()
        .add(workflowWithUntypedJobs(1500)).add(workflowWithUntypedJobs(1500)));

    List<FieldError> errors = catchThrowableOfType(InvalidWorkflowException.class,
        () -> BatchBody.parse(body, new WorkflowParser(Limits.DEFAULTS), Limits.DEFAULTS)).errors();

    assertThat(errors).hasSize(FieldErrors.MAX_LISTED + 1);
    assertThat(errors.subList(0, FieldErrors.MAX_LISTED)).allSatisfy(e -> {
      assertThat(e.field()).startsWith("workflows[0].jobs[").endsWith("].type");
      assertThat(e.code()).isEqualTo(FieldError.REQUIRED);
    });
    assertThat(errors.get(FieldErrors.MAX_LISTED))
        .isEqualTo(new FieldError("", FieldError.INVALID_VALUE, "2000 more errors not listed"));
  }
}
