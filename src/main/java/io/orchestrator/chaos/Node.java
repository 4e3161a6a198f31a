package io.orchestrator.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of the cluster (a coordinator or a worker), started with ProcessBuilder and always
 * signalled through its own handle or pid — never by name — so that nothing else on the machine is touched.
 */
final class Node {
  final String name;
  final boolean coordinator;
  final int port;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private boolean stopped;

  Node(String name, boolean coordinator, int port, List<String> command, Map<String, String> env, Path log) {
    this.name = name;
    this.coordinator = coordinator;
    this.port = port;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.log = log;
  }

  synchronized void start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR", "USER"));
    environment.putAll(env);
    process = builder.start();
    stopped = false;
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process.pid();
  }

  /** kill -9 (Process.destroyForcibly is SIGKILL on Unix); waits until the process is gone. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      stopped = false;
    }
  }

  synchronized void pause() throws IOException, InterruptedException {
    signal("-STOP");
    stopped = true;
  }

  /** SIGCONT; nothing when not paused. */
  synchronized void resume() throws IOException, InterruptedException {
    if (!stopped) {
      return;
    }
    signal("-CONT");
    stopped = false;
  }

  private void signal(String which) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + which + " " + process.pid() + " failed");
    }
  }

  /** SIGCONT if paused, SIGTERM, and SIGKILL after a grace period; safe to call more than once. */
  synchronized void destroy(long graceMs) {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      if (stopped) {
        resume();
      }
      process.destroy();
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + (port > 0 ? ":" + port : "");
  }
}
