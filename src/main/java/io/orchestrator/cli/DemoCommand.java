package io.orchestrator.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code demo}: submits an example workflow to a running coordinator, shows each job's state as it
 * changes, then prints a summary table. Exits 0 when the workflow SUCCEEDED.
 */
final class DemoCommand {
  static final String USAGE = String.join("\n",
      "Usage: java -jar workflow-orchestrator.jar demo [options]",
      "",
      "Submits an example workflow (an ETL-like DAG with a fan-out, a flaky job that is retried, and a",
      "join) to a running coordinator, follows it live and prints a summary.",
      "",
      "Options:",
      "  --url URL       coordinator base URL (default http://127.0.0.1:8000)",
      "  --file FILE     workflow JSON to submit (default examples/etl.json)",
      "  --token T       API token (default env API_TOKEN)",
      "  --timeout-s N   give up after N seconds (default 60)",
      "  --help          this text");

  private DemoCommand() {}

  static int run(String[] args) throws IllegalArgumentException {
    Flags flags = Flags.parse(args, Set.of("--url", "--file", "--token", "--timeout-s"), Set.of("--help"));
    if (flags.has("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    String base = flags.has("--url") ? flags.get("--url") : "http://127.0.0.1:8000";
    String token = flags.has("--token") ? flags.get("--token") : System.getenv("API_TOKEN");
    int timeoutS = flags.intValue("--timeout-s", 60, 1, 3600);
    ApiClient client = new ApiClient(base, token);
    try {
      JsonObject workflow = load(flags.get("--file"));
      JsonObject submitted = client.send("POST", "/api/v1/workflows", workflow);
      String id = submitted.getString("id");
      System.out.printf("Submitted workflow '%s' (%s) with %d jobs%n", submitted.getString("name"), id,
          submitted.getJsonArray("jobs").size());
      JsonObject current = follow(client, id, timeoutS);
      printSummary(current);
      return "SUCCEEDED".equals(current.getString("state")) ? 0 : 1;
    } catch (ApiClient.ApiError e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("error: cannot reach the coordinator at " + base + " (" + e.getMessage()
          + "). Start one with 'make run' first.");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static JsonObject load(String file) throws IOException {
    if (file != null) {
      return new JsonObject(Files.readString(Path.of(file)));
    }
    Path local = Path.of("examples/etl.json");
    if (Files.exists(local)) {
      return new JsonObject(Files.readString(local));
    }
    try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/etl.json")) {
      if (in == null) {
        throw new IOException("examples/etl.json is missing");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static JsonObject follow(ApiClient client, String id, int timeoutS) throws IOException, InterruptedException {
    Map<String, String> seen = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos();
    long start = System.nanoTime();
    while (true) {
      JsonObject workflow = client.send("GET", "/api/v1/workflows/" + id, null);
      for (Object item : workflow.getJsonArray("jobs")) {
        JsonObject job = (JsonObject) item;
        String state = job.getString("state") + (job.getInteger("attempt", 0) > 1 ? " (attempt " + job.getInteger("attempt") + ")" : "");
        if (!state.equals(seen.put(job.getString("name"), state))) {
          System.out.printf("%7.2fs  %-12s %s%n", (System.nanoTime() - start) / 1e9, job.getString("name"), state);
        }
      }
      if (!"RUNNING".equals(workflow.getString("state"))) {
        System.out.printf("%7.2fs  workflow %s%n", (System.nanoTime() - start) / 1e9, workflow.getString("state"));
        return workflow;
      }
      if (System.nanoTime() > deadline) {
        throw new ApiClient.ApiError("the workflow is still RUNNING after " + timeoutS + " s; are workers connected?");
      }
      Thread.sleep(100);
    }
  }

  private static void printSummary(JsonObject workflow) {
    System.out.println();
    System.out.printf("%-12s %-10s %7s %9s  %s%n", "JOB", "STATE", "ATTEMPT", "TIME(ms)", "RESULT / ERROR");
    JsonArray jobs = workflow.getJsonArray("jobs");
    for (Object item : jobs) {
      JsonObject job = (JsonObject) item;
      String started = job.getString("started_at");
      String finished = job.getString("finished_at");
      String took = started != null && finished != null
          ? String.valueOf(Duration.between(java.time.Instant.parse(started), java.time.Instant.parse(finished)).toMillis()) : "-";
      String outcome = job.getString("error") != null ? "error: " + job.getString("error")
          : String.valueOf(job.getValue("result"));
      if (outcome.length() > 80) {
        outcome = outcome.substring(0, 77) + "...";
      }
      System.out.printf("%-12s %-10s %7d %9s  %s%n", job.getString("name"), job.getString("state"),
          job.getInteger("attempt", 0), took, outcome);
    }
    System.out.printf("%nWorkflow %s: %s%n", workflow.getString("id"), workflow.getString("state"));
  }

  /** A tiny blocking client of the REST API (the CLI runs on its own thread, not an event loop). */
  static final class ApiClient {
    static final class ApiError extends RuntimeException {
      ApiError(String message) {
        super(message);
      }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ApiClient(String base, String token) {
      this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      this.token = token;
    }

    JsonObject send(String method, String path, JsonObject body) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null && !token.isEmpty()) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new ApiError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    }
  }
}
