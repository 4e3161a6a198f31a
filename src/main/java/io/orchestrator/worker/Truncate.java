package io.orchestrator.worker;

/** Bounds text that goes into results and error messages (they travel in frames and rows). */
final class Truncate {
  private Truncate() {
  }

  static String text(String s, int maxChars) {
    if (s == null || s.length() <= maxChars) {
      return s;
    }
    return s.substring(0, maxChars) + "…[truncated " + (s.length() - maxChars) + " chars]";
  }
}
