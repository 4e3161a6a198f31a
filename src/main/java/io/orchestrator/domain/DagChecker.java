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
  private DagChecker() {}

  static void check(List<JobParser.ParsedJob> jobs, FieldReader reader) {
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
    for (int i = 0; i < jobs.size(); i++) {
      edges[i] = edgesOf(i, jobs.get(i), indexByName, reader);
    }
    for (int[] cycle : CycleFinder.find(edges)) {
      reader.add("jobs", FieldError.CYCLE, CycleFinder.describe(cycle, names));
    }
  }

  private static int[] edgesOf(int i, JobParser.ParsedJob job, Map<String, Integer> indexByName, FieldReader reader) {
    List<String> deps = job.dependsOn();
    int[] out = new int[deps.size()];
    int count = 0;
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < deps.size(); k++) {
      String dep = deps.get(k);
      if (dep == null) {
        continue; // already reported as a field error
      }
      String at = "jobs[" + i + "].depends_on[" + k + "]";
      Integer target = indexByName.get(dep);
      if (dep.equals(job.name())) {
        reader.add(at, FieldError.SELF_DEPENDENCY, "job '" + dep + "' depends on itself");
      } else if (target == null) {
        reader.add(at, FieldError.UNKNOWN_DEPENDENCY, "no job named '" + dep + "' in this workflow");
      } else if (!seen.add(dep)) {
        reader.add(at, FieldError.INVALID_VALUE, "'" + dep + "' is listed more than once");
      } else {
        out[count++] = target;
      }
    }
    return count == out.length ? out : java.util.Arrays.copyOf(out, count);
  }
}
