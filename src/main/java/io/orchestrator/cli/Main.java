package io.orchestrator.cli;

import java.util.Arrays;

/** The one entry point: {@code coordinator}, {@code worker}, {@code migrate}, {@code demo}. */
public final class Main {
  private Main() {}

  static final String USAGE = String.join("\n",
      "Usage: java -jar workflow-orchestrator.jar <command> [options]",
      "",
      "Commands:",
      "  coordinator   run the coordinator (HTTP API, scheduler, worker endpoint)",
      "  worker        run a worker that connects to one or more coordinators",
      "  migrate       create or upgrade the PostgreSQL schema of DATABASE_URL",
      "  demo          submit an example workflow to a coordinator and follow it",
      "  chaos         fault-injection run: 3 coordinators, 6 workers, faults, then consistency checks",
      "  bench         measure throughput and latency with real coordinator and worker processes",
      "",
      "Run '<command> --help' for a command's options.");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "coordinator" -> CoordinatorCommand.run(rest);
        case "worker" -> io.orchestrator.worker.WorkerMain.run(rest);
        case "migrate" -> MigrateCommand.run(rest);
        case "demo" -> DemoCommand.run(rest);
        case "chaos" -> io.orchestrator.chaos.ChaosMain.run(rest);
        case "bench" -> io.orchestrator.bench.BenchMain.run(rest);
        default -> {
          System.err.println("Unknown command '" + args[0] + "'.\n\n" + USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
