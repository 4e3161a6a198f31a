package io.orchestrator.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph rules of a submission: unique job names, dependencies that name another job of the
 * same workflow (once each), and no cycles. Runs on partially invalid jobs too, so that a client
 * sees graph problems beside field problems.
 */
final class DagChecker {
  private static final int[] NO_EDGES = new int[0];

  private DagChecker() {}

  static void check(List<JobParser.ParsedJob> jobs, FieldReader reader) {
    if (jobs.size() == 1 && jobs.get(0).dependsOn().isEmpty()) {
      return; // one job and no dependency (the most common workflow): no rule can be broken
    }
    Map<String, Integer> indexByName = new HashMap<>(jobs.size() * 2);
    List<String> names = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      String name = jobs.get(i).name();
      names.add(name);
      if (name == null) {
        continue;
      }
      Integer first = indexByName.putIfAbsent(name, i);
      if (first != null) {
        reader.add("jobs[" + i + "].name", FieldError.DUPLICATE_NAME,
            "job name '" + name + "' is already used by jobs[" + first + "]");
      }
    }

    int[][] edges = new int[jobs.size()][];
    int edgeCount = 0;
    for (int i = 0; i < jobs.size(); i++) {
      edges[i] = edgesOf(i, jobs.get(i), indexByName, reader);
      edgeCount += edges[i].length;
    }
    if (edgeCount == 0) {
      return; // no edge, no cycle (most submissions are independent jobs)
    }
    for (int[] cycle : CycleFinder.find(edges)) {
      reader.add("jobs", FieldError.CYCLE, CycleFinder.describe(cycle, names));
    }
  }

  private static int[] edgesOf(int i, JobParser.ParsedJob job, Map<String, Integer> indexByName, FieldReader reader) {
    List<String> deps = job.dependsOn();
    if (deps.isEmpty()) {
      return NO_EDGES;
    }
    int[] out = new int[deps.size()];
    int count = 0;
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < deps.size(); k++) {
      String dep = deps.get(k);
      if (dep == null) {
        continue; // already reported as a field error
      }
      Integer target = indexByName.get(dep);
      if (target != null && !dep.equals(job.name()) && seen.add(dep)) {
        out[count++] = target;
        continue;
      }
      String at = "jobs[" + i + "].depends_on[" + k + "]"; // only for an error
      if (dep.equals(job.name())) {
        reader.add(at, FieldError.SELF_DEPENDENCY, "job '" + dep + "' depends on itself");
      } else if (target == null) {
        reader.add(at, FieldError.UNKNOWN_DEPENDENCY, "no job named '" + dep + "' in this workflow");
      } else {
        reader.add(at, FieldError.INVALID_VALUE, "'" + dep + "' is listed more than once");
      }
    }
    return count == out.length ? out : java.util.Arrays.copyOf(out, count);
  }
}
