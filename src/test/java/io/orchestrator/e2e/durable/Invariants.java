package io.orchestrator.e2e.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * What must hold in PostgreSQL after any failure, read straight from the tables: every job
 * SUCCEEDED exactly once (one SUCCEEDED attempt row each), and each job's audit trail is one
 * unbroken chain of transitions in seq order that ends in SUCCEEDED.
 */
final class Invariants {
  private Invariants() {}

  /** All jobs of the database SUCCEEDED, each with exactly one SUCCEEDED attempt; answers the job count. */
  static long everyJobSucceededExactlyOnce(DatabaseUrl db) {
    long jobs = Sql.count(db, "SELECT count(*) FROM jobs");
    assertThat(jobs).as("jobs in the database").isPositive();
    assertThat(Sql.query(db, "SELECT id, state FROM jobs WHERE state <> 'SUCCEEDED'"))
        .as("jobs that did not succeed").isEmpty();
    List<Map<String, Object>> rows = Sql.query(db,
        "SELECT job_id, count(*) AS n FROM job_assignments WHERE outcome = 'SUCCEEDED' GROUP BY job_id");
    assertThat(rows).as("jobs with a SUCCEEDED attempt").hasSize((int) jobs);
    assertThat(rows).as("SUCCEEDED attempts per job").allSatisfy(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
    assertThat(Sql.count(db, "SELECT count(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM job_assignments a "
        + "WHERE a.job_id = j.id AND a.attempt = j.attempt AND a.outcome = 'SUCCEEDED')"))
        .as("jobs whose current attempt is not the SUCCEEDED one").isZero();
    assertThat(Sql.count(db, "SELECT count(*) FROM job_assignments WHERE outcome IS NULL"))
        .as("attempts never closed").isZero();
    return jobs;
  }

  /**
   * For every job: its state events, in seq order, chain (each one starts where the previous
   * ended), start RUNNING once per recorded attempt with rising attempt numbers, and end in one
   * SUCCEEDED. A transition applied twice would break the chain or add a second SUCCEEDED.
   */
  static void auditTrailsAreComplete(DatabaseUrl db) {
    List<Map<String, Object>> events = Sql.query(db, "SELECT seq, job_id::text AS job_id, from_state, to_state, attempt "
        + "FROM workflow_events WHERE kind = 'job_state' ORDER BY seq");
    Map<String, List<Map<String, Object>>> byJob = new LinkedHashMap<>();
    events.forEach(e -> byJob.computeIfAbsent((String) e.get("job_id"), k -> new ArrayList<>()).add(e));
    Map<String, Long> attempts = new HashMap<>();
    Sql.query(db, "SELECT job_id::text AS job_id, count(*) AS n FROM job_assignments GROUP BY job_id")
        .forEach(r -> attempts.put((String) r.get("job_id"), ((Number) r.get("n")).longValue()));
    long jobs = Sql.count(db, "SELECT count(*) FROM jobs");
    assertThat(byJob).as("jobs with an audit trail").hasSize((int) jobs);
    SoftAssertions soft = new SoftAssertions();
    byJob.forEach((job, trail) -> {
      long lastSeq = Long.MIN_VALUE;
      String previous = null;
      int lastRunning = 0;
      int runs = 0;
      int successes = 0;
      for (Map<String, Object> e : trail) {
        long seq = ((Number) e.get("seq")).longValue();
        String from = (String) e.get("from_state");
        String to = (String) e.get("to_state");
        soft.assertThat(seq).as("seq of job %s", job).isGreaterThan(lastSeq);
        if (previous != null) {
          soft.assertThat(from).as("job %s: transition at seq %d starts where the previous ended", job, seq).isEqualTo(previous);
        }
        if ("RUNNING".equals(to)) {
          int attempt = ((Number) e.get("attempt")).intValue();
          soft.assertThat(attempt).as("job %s: attempt numbers rise", job).isGreaterThan(lastRunning);
          lastRunning = attempt;
          runs++;
        }
        if ("SUCCEEDED".equals(to)) {
          successes++;
        }
        lastSeq = seq;
        previous = to;
      }
      soft.assertThat(previous).as("last state of job %s", job).isEqualTo("SUCCEEDED");
      soft.assertThat(successes).as("SUCCEEDED transitions of job %s", job).isEqualTo(1);
      soft.assertThat((long) runs).as("RUNNING transitions of job %s vs its attempt rows", job)
          .isEqualTo(attempts.getOrDefault(job, 0L));
    });
    soft.assertAll();
  }

  static long attemptsWithOutcome(DatabaseUrl db, String outcome) {
    return Sql.count(db, "SELECT count(*) FROM job_assignments WHERE outcome = '" + outcome + "'");
  }
}
