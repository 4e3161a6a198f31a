package io.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes, from a JFR recording: the share of execution samples per top frame (self
 * time), per package anywhere on the stack (inclusive), per thread, and the total GC pause time; only
 * events that start within [from, to], the measured part of the run.
 */
final class JfrSummary {
  private JfrSummary() {}

  static JsonObject summarize(Path file, int top, Instant from, Instant to) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    Duration gcPause = Duration.ZERO;
    int gcs = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
        continue;
      }
      String type = event.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
        gcs++;
        continue;
      }
      if (!type.equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(frameName(frames.get(0)), 1, Integer::sum);
      Set<String> packages = new HashSet<>();
      for (RecordedFrame frame : frames) {
        packages.add(packagePrefix(frame));
      }
      packages.forEach(p -> inclusive.merge(p, 1, Integer::sum));
      String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
    }
    return new JsonObject().put("samples", samples).put("gc_count", gcs).put("gc_pause_ms", gcPause.toMillis())
        .put("top_self", top(self, samples, top)).put("top_packages_inclusive", top(inclusive, samples, top))
        .put("threads", top(threads, samples, top));
  }

  private static JsonArray top(Map<String, Integer> counts, int total, int n) {
    JsonArray out = new JsonArray();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.add(String.format("%5.1f%% %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    return out;
  }

  private static String frameName(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The first three segments of the class's package, e.g. {@code io.netty.channel}. */
  static String packagePrefix(RecordedFrame frame) {
    String[] parts = frame.getMethod().getType().getName().split("\\.");
    int keep = Math.min(3, Math.max(1, parts.length - 1));
    return String.join(".", java.util.Arrays.copyOf(parts, keep));
  }
}
