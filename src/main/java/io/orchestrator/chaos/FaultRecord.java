package io.orchestrator.chaos;

import java.util.Locale;

/**
 * One injected fault and how the cluster recovered: the attempts it orphaned (open attempts of the
 * killed or paused process, or jobs queued when Redis was flushed) and when they were all ended or
 * dispatched; when completions resumed; when throughput was back to half of the rate before.
 */
final class FaultRecord {
  final int number;
  final FaultKind kind;
  final String target;
  final double atSeconds;
  String detail = "";
  int orphans;
  long orphansSettledMs = -1;
  String orphanOutcomes = "";
  long firstCompletionMs = -1;
  long throughputMs = -1;
  double baselinePerSecond = -1;
  long restartReadyMs = -1;
  long leaseTakeoverMs = -1;

  FaultRecord(int number, FaultKind kind, String target, double atSeconds) {
    this.number = number;
    this.kind = kind;
    this.target = target;
    this.atSeconds = atSeconds;
  }

  String describe() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "fault #%d %-16s %-9s at %6.1fs:",
        number, kind.label, target, atSeconds));
    if (!detail.isEmpty()) {
      text.append(' ').append(detail).append(';');
    }
    if (kind != FaultKind.PG_TERMINATE) {
      text.append(' ').append(orphans).append(kind == FaultKind.REDIS_FLUSH ? " queued jobs" : " open attempts");
      text.append(orphans == 0 ? "" : (kind == FaultKind.REDIS_FLUSH ? " dispatched again in " : " ended in ")
          + ms(orphansSettledMs) + (orphanOutcomes.isEmpty() ? "" : " (" + orphanOutcomes + ")")).append(';');
    }
    if (restartReadyMs >= 0) {
      text.append(" restarted, ready in ").append(ms(restartReadyMs)).append(';');
    }
    text.append(" first completion after ").append(ms(firstCompletionMs));
    text.append("; throughput >= 50% of ")
        .append(baselinePerSecond < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f/s", baselinePerSecond))
        .append(" after ").append(ms(throughputMs));
    return text.toString();
  }

  static String ms(long ms) {
    return ms < 0 ? "(not within the window)" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
