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

  private BuiltinHandlers() {
  }

  public static HandlerRegistry register(HandlerRegistry registry, boolean allowShell) {
    registry.register(NOOP, ctx -> Future.succeededFuture(new JsonObject()));
    registry.register(ECHO, ctx -> Future.succeededFuture(
        new JsonObject().put("payload", ctx.payload()).put("inputs", ctx.inputs())));
    registry.register(SLEEP, new SleepHandler());
    registry.register(FAIL, new FailHandler());
    registry.register(HTTP, new HttpHandler());
    if (allowShell) {
      registry.register(SHELL, new ShellHandler());
    }
    return registry;
  }
}
