package io.orchestrator.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's stop-the-world collector pauses inside a run's measured window, from its GC log
 * ({@code -Xlog:gc:file=...:utctime}, which the bench adds): how many, their sum and the longest.
 * With the serial collector of the image a pause stops every thread of the process, so their sum
 * over the window's length is the share of the window the coordinator could not run at all.
 */
final class GcPauses {
  /** {@code [2026-11-27T18:41:16.512+0000] GC(10) Pause Young (Allocation Failure) 40M->24M(61M) 6.351ms}. */
  private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\] GC\\(\\d+\\) Pause (\\w+).* ([0-9.]+)ms$");
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private GcPauses() {}

  /** The JVM option that writes the log this class reads. */
  static String logOption(Path file) {
    return "-Xlog:gc:file=" + file + ":utctime";
  }

  /** Pauses that ended inside [from, to]: their count, the full ones, their sum, the longest, the sum's share of the window. */
  static JsonObject within(List<String> lines, Instant from, Instant to) {
    int count = 0;
    int full = 0;
    double total = 0;
    double max = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Instant end;
      try {
        end = OffsetDateTime.parse(m.group(1), UTC_TIME).toInstant();
      } catch (DateTimeParseException e) {
        continue;
      }
      if (end.isBefore(from) || end.isAfter(to)) {
        continue;
      }
      double ms = Double.parseDouble(m.group(3));
      count++;
      full += m.group(2).equals("Full") ? 1 : 0;
      total += ms;
      max = Math.max(max, ms);
    }
    double windowMs = Math.max(1e-9, (to.toEpochMilli() - from.toEpochMilli()));
    return new JsonObject().put("coordinator_gc_pauses", count).put("coordinator_gc_full_pauses", full)
        .put("coordinator_gc_pause_ms", WorkloadRun.round(total)).put("coordinator_gc_max_pause_ms", WorkloadRun.round(max))
        .put("coordinator_gc_share", WorkloadRun.round(total / windowMs));
  }

  static JsonObject within(Path log, Instant from, Instant to) throws IOException {
    return within(Files.readAllLines(log), from, to);
  }
}
