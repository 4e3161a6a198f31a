package io.orchestrator.worker;

import io.orchestrator.config.ArgReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * Worker settings, from the command line. {@code types} empty means "every registered handler".
 * URLs are normalised to the connect endpoint ({@link #CONNECT_PATH} is appended when none given).
 */
public record WorkerOptions(List<String> urls, List<String> queues, int concurrency,
                            List<String> types, String token, String name, boolean allowShell,
                            long drainTimeoutMs, boolean help) {
  public static final String CONNECT_PATH = "/api/v1/workers/connect";
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final long DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

  public WorkerOptions {
    urls = List.copyOf(urls);
    queues = List.copyOf(queues);
    types = List.copyOf(types);
  }

  /** Options for a library user: one or more URLs, default everything else. */
  public static WorkerOptions of(List<String> urls, String name, String token) {
    return new WorkerOptions(urls.stream().map(WorkerOptions::connectUrl).toList(), List.of("default"),
        DEFAULT_CONCURRENCY, List.of(), token, name, false, DEFAULT_DRAIN_TIMEOUT_MS, false);
  }

  public WorkerOptions withConcurrency(int n) {
    return new WorkerOptions(urls, queues, n, types, token, name, allowShell, drainTimeoutMs, help);
  }

  public WorkerOptions withQueues(List<String> q) {
    return new WorkerOptions(urls, q, concurrency, types, token, name, allowShell, drainTimeoutMs, help);
  }

  public WorkerOptions withDrainTimeoutMs(long ms) {
    return new WorkerOptions(urls, queues, concurrency, types, token, name, allowShell, ms, help);
  }

  public static String usage() {
    return String.join("\n",
        "Usage: worker --url ws://host:8000[,ws://other:8000] [options]",
        "  --url URLS           coordinator WebSocket URL(s), comma-separated; tried in turn (required)",
        "  --queues Q1,Q2       queues to serve (default: default)",
        "  --concurrency N      jobs run at once (default: " + DEFAULT_CONCURRENCY + ")",
        "  --types A,B          handler types to offer (default: all registered)",
        "  --token T            bearer token (default: $WORKER_TOKEN)",
        "  --name N             worker name (default: hostname-pid)",
        "  --allow-shell        enable the 'shell' handler (runs commands from job payloads)",
        "  --drain-timeout-ms N how long a shutdown waits for running jobs (default: 30000)",
        "  --help               this text");
  }

  /** Parses {@code --opt value} and {@code --opt=value}; throws IllegalArgumentException on bad input. */
  public static WorkerOptions parse(String[] args, Map<String, String> env) {
    String url = null, queues = "default", types = null, token = env.get("WORKER_TOKEN"), name = null;
    int concurrency = DEFAULT_CONCURRENCY;
    long drainTimeout = DEFAULT_DRAIN_TIMEOUT_MS;
    boolean allowShell = false, help = false;
    ArgReader reader = new ArgReader(args);
    while (reader.hasNext()) {
      switch (reader.next()) {
        case "--help", "-h" -> help = true;
        case "--allow-shell" -> allowShell = true;
        case "--url" -> url = reader.value();
        case "--queues" -> queues = reader.value();
        case "--types" -> types = reader.value();
        case "--token" -> token = reader.value();
        case "--name" -> name = reader.value();
        case "--concurrency" -> concurrency = reader.intValue(1, 10_000);
        case "--drain-timeout-ms" -> drainTimeout = reader.longValue(0, 3_600_000);
        default -> throw reader.unknown();
      }
    }
    if (help) {
      return new WorkerOptions(List.of(), List.of(), concurrency, List.of(), token, name, allowShell, drainTimeout, true);
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required (e.g. --url ws://localhost:8000)");
    }
    List<String> urls = ArgReader.list("--url", url).stream().map(WorkerOptions::connectUrl).toList();
    if (name == null || name.isBlank()) {
      name = defaultName(env);
    }
    return new WorkerOptions(urls, ArgReader.list("--queues", queues), concurrency,
        types == null ? List.of() : ArgReader.list("--types", types), token == null || token.isEmpty() ? null : token,
        name, allowShell, drainTimeout, false);
  }

  /** {@code ws://h:8000} → {@code ws://h:8000/api/v1/workers/connect}; only ws and wss are accepted. */
  public static String connectUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
      throw new IllegalArgumentException("URL must start with ws:// or wss://: " + url);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host: " + url);
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      String base = url.trim();
      return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CONNECT_PATH;
    }
    return url.trim();
  }

  private static String defaultName(Map<String, String> env) {
    String host = env.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "worker";
      }
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
