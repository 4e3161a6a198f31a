package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code shell}: runs {@code payload.command}, an argv array (no shell parsing, so no injection),
 * with optional {@code cwd}, {@code env} (object) and {@code timeout_ms}. Only registered with
 * --allow-shell. Output goes to temp files (two pipes could deadlock a single waiting thread) and
 * comes back truncated. A non-zero exit fails the attempt (retryable); cancel kills the process.
 */
final class ShellHandler implements JobHandler {
  static final int MAX_OUTPUT_BYTES = 64 * 1024;

  @Override
  public Future<JsonObject> handle(JobContext ctx) {
    JsonObject p = ctx.payload();
    List<String> argv = argv(p.getValue("command"));
    String cwd = PayloadReader.optionalString(p, "cwd", null);
    Object env = p.getValue("env");
    if (env != null && !(env instanceof JsonObject)) {
      throw new JobFailure("payload.env must be an object", false);
    }
    long timeoutMs = PayloadReader.nonNegativeLong(p, "timeout_ms", ctx.timeoutMs());
    AtomicReference<Process> process = new AtomicReference<>();
    ctx.onCancel(v -> {
      Process running = process.get();
      if (running != null) {
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
      }
    });
    return ctx.vertx().executeBlocking(
        () -> run(ctx, argv, cwd, (JsonObject) env, timeoutMs, process), false);
  }

  private static List<String> argv(Object command) {
    if (!(command instanceof JsonArray array) || array.isEmpty()) {
      throw new JobFailure("payload.command must be a non-empty array of strings (argv)", false);
    }
    List<String> argv = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw new JobFailure("payload.command must contain only strings", false);
      }
      argv.add(s);
    }
    return argv;
  }

  private static JsonObject run(JobContext ctx, List<String> argv, String cwd, JsonObject env,
                                long timeoutMs, AtomicReference<Process> holder) throws Exception {
    File out = File.createTempFile("job-", ".out");
    File err = File.createTempFile("job-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out).redirectError(err);
      if (cwd != null) {
        pb.directory(new File(cwd));
      }
      if (env != null) {
        for (Map.Entry<String, Object> e : env) {
          pb.environment().put(e.getKey(), String.valueOf(e.getValue()));
        }
      }
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new JobFailure("cannot start " + argv.get(0) + ": " + e.getMessage(), false, e);
      }
      holder.set(process);
      if (ctx.isCancelled()) { // cancelled before the process existed
        process.destroyForcibly();
      }
      boolean exited = timeoutMs > 0 ? process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) : waitFor(process);
      if (!exited) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new JobFailure("command timed out after " + timeoutMs + " ms", true);
      }
      int code = process.exitValue();
      JsonObject result = new JsonObject().put("exit_code", code)
          .put("stdout", head(out)).put("stderr", head(err));
      if (ctx.isCancelled()) {
        throw new JobFailure("cancelled: " + ctx.cancelReason(), true);
      }
      if (code != 0) {
        throw new JobFailure("exit code " + code + ": " + Truncate.text(result.getString("stderr"), 1024), true);
      }
      return result;
    } finally {
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
    }
  }

  private static boolean waitFor(Process process) throws InterruptedException {
    process.waitFor();
    return true;
  }

  private static String head(File file) throws IOException {
    try (InputStream in = Files.newInputStream(file.toPath())) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
