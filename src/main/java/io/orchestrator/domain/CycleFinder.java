package io.orchestrator.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds dependency cycles by depth-first search, iteratively (a 50,000-job chain would overflow
 * the call stack). Deterministic: roots are visited in job order, edges in {@code depends_on}
 * order, and each back edge yields one cycle, written in the direction "depends on"
 * ({@code a -> b} means a depends on b), starting and ending at the job the back edge reaches.
 */
final class CycleFinder {
  /** Enough to show what is wrong; a pathological graph must not cost quadratic time. */
  static final int MAX_CYCLES = 100;

  private static final byte WHITE = 0;
  private static final byte GRAY = 1;
  private static final byte BLACK = 2;

  private CycleFinder() {}

  /**
   * @param deps for each job index, the indexes it depends on (no self edges, no unknown names)
   * @return each cycle as job indexes, first == last
   */
  static List<int[]> find(int[][] deps) {
    int n = deps.length;
    byte[] color = new byte[n];
    int[] stack = new int[n];
    int[] nextEdge = new int[n];
    int[] stackPos = new int[n];
    Arrays.fill(stackPos, -1);
    List<int[]> cycles = new ArrayList<>();

    for (int root = 0; root < n && cycles.size() < MAX_CYCLES; root++) {
      if (color[root] != WHITE) {
        continue;
      }
      int depth = 0;
      stack[depth++] = root;
      color[root] = GRAY;
      stackPos[root] = 0;
      nextEdge[root] = 0;
      while (depth > 0 && cycles.size() < MAX_CYCLES) {
        int u = stack[depth - 1];
        if (nextEdge[u] == deps[u].length) {
          color[u] = BLACK;
          stackPos[u] = -1;
          depth--;
          continue;
        }
        int v = deps[u][nextEdge[u]++];
        if (color[v] == WHITE) {
          color[v] = GRAY;
          nextEdge[v] = 0;
          stackPos[v] = depth;
          stack[depth++] = v;
        } else if (color[v] == GRAY) {
          int from = stackPos[v];
          int[] cycle = new int[depth - from + 1];
          System.arraycopy(stack, from, cycle, 0, depth - from);
          cycle[cycle.length - 1] = v;
          cycles.add(cycle);
        }
      }
    }
    return cycles;
  }

  /** "cycle: a -> b -> c -> a", with the middle elided for very long cycles. */
  static String describe(int[] cycle, List<String> names) {
    StringBuilder out = new StringBuilder("cycle: ");
    int shownHead = 25;
    int shownTail = 24;
    for (int i = 0; i < cycle.length; i++) {
      if (cycle.length > shownHead + shownTail + 1 && i == shownHead) {
        int skipped = cycle.length - shownHead - shownTail;
        out.append("... (").append(skipped).append(" more jobs) -> ");
        i = cycle.length - shownTail - 1;
        continue;
      }
      out.append(names.get(cycle[i]));
      if (i < cycle.length - 1) {
        out.append(" -> ");
      }
    }
    return out.toString();
  }
}
