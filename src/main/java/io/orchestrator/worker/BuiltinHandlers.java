package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The handlers every worker ships with. {@code shell} runs commands, so it is opt-in. */
public final class BuiltinHandlers {
  public static final String NOOP = "noop";
  public static final String ECHO = "echo";
  public static final String SLEEP = "sleep";
  public static final String FAIL = "fail";
  public static final String HTTP = "http";
  public static final String SHELL = "shell";
  /** No-op that reports wall-clock micros at start and end: the benchmark's hop latency comes from these. */
  public static final String STAMP = "stamp";

  private BuiltinHandlers() {
  }

  public static HandlerRegistry register(HandlerRegistry registry, boolean allowShell) {
    registry.register(NOOP, ctx -> Future.succeededFuture(new JsonObject()));
    registry.register(ECHO, ctx -> Future.succeededFuture(
        new JsonObject().put("payload", ctx.payload()).put("inputs", ctx.inputs())));
    registry.register(SLEEP, new SleepHandler());
    registry.register(FAIL, new FailHandler());
    registry.register(HTTP, new HttpHandler());
    registry.register(STAMP, ctx -> {
      long startedUs = wallMicros();
      return Future.succeededFuture(new JsonObject().put("started_us", startedUs).put("finished_us", wallMicros()));
    });
    if (allowShell) {
      registry.register(SHELL, new ShellHandler());
    }
    return registry;
  }

  /** Wall-clock microseconds since the epoch (comparable across processes on one machine). */
  static long wallMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
