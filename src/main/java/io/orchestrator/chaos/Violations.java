package io.orchestrator.chaos;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Violations found by the checks, by kind: a count, a few examples, and the jobs involved. */
public final class Violations {
  /** How many examples per kind are kept for the report; the counts stay exact. */
  static final int EXAMPLES_PER_KIND = 5;

  public static final String WORKFLOW_NOT_SUCCEEDED = "workflow_not_succeeded";
  public static final String JOB_NOT_SUCCEEDED = "job_not_succeeded";
  public static final String SUCCEEDED_ASSIGNMENTS = "succeeded_assignments_not_one";
  public static final String STALE_REPORT_APPLIED = "stale_report_applied";
  public static final String ATTEMPT_LEFT_OPEN = "attempt_left_open";
  public static final String AUDIT_INCOMPLETE = "audit_incomplete";
  public static final String AUDIT_OUT_OF_ORDER = "audit_out_of_order";
  public static final String ILLEGAL_TRANSITION = "illegal_transition";
  public static final String ASSIGNMENT_MISMATCH = "assignment_audit_mismatch";
  public static final String DATA_FLOW = "data_flow";

  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, List<String>> examples = new TreeMap<>();
  private final Set<UUID> jobs = new LinkedHashSet<>();

  void add(String kind, UUID jobId, String detail) {
    counts.merge(kind, 1, Integer::sum);
    List<String> kept = examples.computeIfAbsent(kind, k -> new ArrayList<>());
    if (kept.size() < EXAMPLES_PER_KIND) {
      kept.add(detail);
    }
    if (jobId != null) {
      jobs.add(jobId);
    }
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public int count(String kind) {
    return counts.getOrDefault(kind, 0);
  }

  public Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  public Map<String, List<String>> examples() {
    return Map.copyOf(examples);
  }

  /** The jobs named by some violation, in the order found (for dumping their audit trails). */
  public List<UUID> jobs() {
    return List.copyOf(jobs);
  }

  /** "kind=count kind=count", or "none". */
  public String summary() {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    counts.forEach((kind, n) -> text.append(text.length() == 0 ? "" : " ").append(kind).append('=').append(n));
    return text.toString();
  }
}
