package io.orchestrator.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Handler names (the job {@code type}) to handlers. Filled before the runtime starts. */
public final class HandlerRegistry {
  private final Map<String, JobHandler> handlers = new LinkedHashMap<>();

  public synchronized HandlerRegistry register(String type, JobHandler handler) {
    handlers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  public synchronized JobHandler get(String type) {
    return handlers.get(type);
  }

  public synchronized boolean has(String type) {
    return handlers.containsKey(type);
  }

  /** Registered names, in registration order. */
  public synchronized List<String> types() {
    return List.copyOf(handlers.keySet());
  }
}
