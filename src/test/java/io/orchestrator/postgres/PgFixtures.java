package io.orchestrator.postgres;

import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.RetryPolicy;
import io.orchestrator.domain.WorkflowSpec;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Small builders for the PostgreSQL store tests. */
final class PgFixtures {
  private PgFixtures() {}

  static JobSpec job(String name, String... dependsOn) {
    return job(name, RetryPolicy.NONE, dependsOn);
  }

  static JobSpec job(String name, RetryPolicy retry, String... dependsOn) {
    return new JobSpec(name, "echo", new JsonObject().put("n", name), List.of(dependsOn), "default", retry, 30_000, 0);
  }

  static WorkflowSpec workflow(String name, JobSpec... jobs) {
    return new WorkflowSpec(name, 0, new JsonObject(), List.of(jobs));
  }

  /** A join: {@code n} roots and one job that depends on all of them. */
  static WorkflowSpec fanIn(int n) {
    List<JobSpec> jobs = new ArrayList<>();
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "s" + i;
      jobs.add(job(names[i]));
    }
    jobs.add(job("join", names));
    return new WorkflowSpec("fan-in", 0, new JsonObject(), jobs);
  }
}
