package io.orchestrator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.Limits;
import io.orchestrator.domain.WorkflowParser;
import io.orchestrator.domain.WorkflowSpec;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Every generated workflow is valid for the real parser, and the shapes are what the suite claims. */
class WorkloadTest {
  private final WorkflowParser parser = new WorkflowParser(Limits.DEFAULTS);

  @Test
  void everyShapeParsesAndRetriesEnough() {
    Workload workload = new Workload(42, "test");
    for (int i = 0; i < 40; i++) {
      WorkflowSpec spec = parser.parse(workload.workflow(i));
      assertThat(spec.jobs()).isNotEmpty();
      for (JobSpec job : spec.jobs()) {
        assertThat(job.retry().maxAttempts()).isEqualTo(Workload.MAX_ATTEMPTS);
      }
    }
  }

  @Test
  void fanOutEndsInAJoinOfAllBranches() {
    JsonObject fan = new Workload(1, "test").workflow(1);
    assertThat(fan.getString("name")).startsWith("chaos-fan-");
    JsonObject join = fan.getJsonArray("jobs").stream().map(JsonObject.class::cast)
        .filter(j -> j.getString("name").equals("join")).findFirst().orElseThrow();
    assertThat(join.getJsonArray("depends_on").size()).isEqualTo(fan.getJsonArray("jobs").size() - 2);
  }

  @Test
  void theSameSeedGivesTheSameLoad() {
    assertThat(new Workload(9, "r").workflow(3)).isEqualTo(new Workload(9, "r").workflow(3));
  }
}
