package io.orchestrator.chaos;

import io.orchestrator.config.ArgReader;

/** The chaos command's options. The short form (CI) runs fewer workflows and one fault of each kind. */
public record ChaosOptions(int workflows, boolean shortForm, int timeoutSeconds, long seed, String jar,
                           String databaseUrl, String redisHost, int redisPort, boolean keepDatabase, String checkDatabase,
                           boolean help) {

  static final String USAGE = String.join("\n",
      "Usage: java -jar workflow-orchestrator.jar chaos [options]",
      "",
      "Starts 3 coordinators and 6 workers as processes on loopback over a fresh PostgreSQL database and an",
      "empty Redis db (10..15), submits a mixed load (chains, fan-out/fan-in, retries), injects faults",
      "(kill -9 and restart of a coordinator, kill -9 of workers, SIGSTOP of the monitor lease holder past",
      "its lease, Redis FLUSHDB, pg_terminate_backend), then checks the outcome in PostgreSQL. Prints one",
      "summary line; exits 1 on any violation, 2 on bad usage or when the cluster could not be set up.",
      "",
      "Options:",
      "  --workflows N     workflows to submit (default 500; 100 with --short)",
      "  --short           the CI form: 100 workflows, one fault of each kind, 120 s budget",
      "  --timeout-s N     overall budget in seconds (default 300; 120 with --short)",
      "  --seed N          seed of the workload and fault choices (default: random, printed)",
      "  --jar PATH        the orchestrator jar to run (default target/workflow-orchestrator.jar)",
      "  --database-url U  server to create the scratch database on (default postgresql://postgres@127.0.0.1:5432/postgres)",
      "  --redis H:P       Redis server (default 127.0.0.1:6379)",
      "  --keep-db         do not drop the scratch database at the end (to inspect a failure)",
      "  --check-db NAME   only run the checks on an existing database of the server (e.g. a kept one)",
      "  --help            this text");

  public static ChaosOptions parse(String[] args) {
    Integer workflows = null;
    Integer timeout = null;
    boolean shortForm = false;
    boolean keep = false;
    boolean help = false;
    long seed = System.nanoTime();
    String jar = "target/workflow-orchestrator.jar";
    String db = "postgresql://postgres@127.0.0.1:5432/postgres";
    String redis = "127.0.0.1:6379";
    String checkDb = null;
    ArgReader reader = new ArgReader(args);
    while (reader.hasNext()) {
      switch (reader.next()) {
        case "--help", "-h" -> help = true;
        case "--short" -> shortForm = true;
        case "--keep-db" -> keep = true;
        case "--workflows" -> workflows = reader.intValue(1, 100_000);
        case "--timeout-s" -> timeout = reader.intValue(10, 86_400);
        case "--seed" -> seed = reader.longValue(Long.MIN_VALUE, Long.MAX_VALUE);
        case "--jar" -> jar = reader.value();
        case "--database-url" -> db = reader.value();
        case "--redis" -> redis = reader.value();
        case "--check-db" -> checkDb = reader.value();
        default -> throw reader.unknown();
      }
    }
    int colon = redis.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--redis wants host:port, got '" + redis + "'");
    }
    int redisPort = (int) ArgReader.wholeNumber("--redis", redis.substring(colon + 1), 1, 65535);
    return new ChaosOptions(workflows != null ? workflows : shortForm ? 100 : 500, shortForm,
        timeout != null ? timeout : shortForm ? 120 : 300, seed, jar, db, redis.substring(0, colon), redisPort, keep, checkDb,
        help);
  }
}
